#include "estimators/frontier.hpp"

#include <algorithm>
#include <stdexcept>

namespace biasbound::estimators {
namespace {

struct Point {
  double x, y;
};

// Cross product of (b − a) × (c − a): ≥ 0 when b lies on or below the segment a → c.
double turn(const Point& a, const Point& b, const Point& c) {
  return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
}

std::vector<Point> upper_hull(std::vector<Point> points) {
  std::sort(points.begin(), points.end(),
            [](const Point& p, const Point& q) { return p.x < q.x || (p.x == q.x && p.y > q.y); });
  std::vector<Point> hull;
  for (const auto& p : points) {
    if (!hull.empty() && hull.back().x == p.x) continue;  // same x, lower y: never on top
    while (hull.size() >= 2 && turn(hull[hull.size() - 2], hull.back(), p) >= 0) hull.pop_back();
    hull.push_back(p);
  }
  return hull;
}

}  // namespace

double simultaneous_level(double confidence, int limits) {
  if (!(confidence > 0 && confidence < 1) || limits < 1)
    throw std::invalid_argument("simultaneous_level needs a confidence in (0, 1), limits >= 1");
  return 1 - (1 - confidence) / limits;
}

Levels frontier_levels(double confidence, int points) {
  const double one = simultaneous_level(confidence, points);
  const double two = simultaneous_level(confidence, 2 * points);
  return {one, two, two};
}

Frontier build_frontier(std::span<const double> x, std::span<const double> y) {
  if (x.size() != y.size() || x.empty())
    throw std::invalid_argument("build_frontier needs equally many x and y, at least one");
  const double floor_x = 1e-20 * std::max(0.0, *std::max_element(x.begin(), x.end()));
  const double floor_y = 1e-20 * std::max(0.0, *std::max_element(y.begin(), y.end()));
  std::vector<Point> points = {{0, 0}};
  Frontier f;
  bool unbounded_slope = false;
  double slope_only = 0;
  for (std::size_t j = 0; j < x.size(); ++j) {
    const Point p{x[j] > floor_x ? x[j] : 0.0, y[j] > floor_y ? y[j] : 0.0};
    points.push_back(p);
    f.intercept_only = std::max(f.intercept_only, p.y);
    if (p.x > 0)
      slope_only = std::max(slope_only, p.y / p.x);
    else if (p.y > 0)
      unbounded_slope = true;
  }
  if (!unbounded_slope) f.slope_only = slope_only;

  f.vertices.push_back({0, f.intercept_only});
  const auto hull = upper_hull(points);
  for (std::size_t i = 0; i + 1 < hull.size(); ++i) {
    const double slope = (hull[i + 1].y - hull[i].y) / (hull[i + 1].x - hull[i].x);
    const double intercept = hull[i].y - slope * hull[i].x;
    if (slope >= 0 && intercept >= 0) f.vertices.push_back({slope, std::max(0.0, intercept)});
  }
  std::sort(f.vertices.begin(), f.vertices.end(),
            [](const auto& a, const auto& b) { return a.slope < b.slope; });
  f.vertices.erase(std::unique(f.vertices.begin(), f.vertices.end(),
                               [](const auto& a, const auto& b) { return a.slope == b.slope; }),
                   f.vertices.end());
  return f;
}

}  // namespace biasbound::estimators
