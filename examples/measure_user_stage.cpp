// Measure the constants of a compressor you wrote yourself. RandomDrop keeps each coordinate
// with probability p and does not rescale, so E C(v) = p v: for exact gradients the bias
// ‖E C(v) − v‖² = (1 − p)²‖v‖² is m = (1 − p)² with ζ² = 0. On n workers with identical data
// the mean message has variance p(1 − p)‖∇f‖²/n against ‖E g‖² = p²‖∇f‖², so M = (1 − p)/(pn)
// with σ² = 0 (THEORY.md §2).
// The stage joins a pipeline next to the built-in ones, biasbound measures it at probe points
// (THEORY.md §3), and the program checks the measured upper limits against the closed forms.
//
//   measure_user_stage [p=0.7]

#include <biasbound/biasbound.hpp>
#include <boost/random/bernoulli_distribution.hpp>
#include <cmath>
#include <iostream>
#include <memory>
#include <string>

namespace bb = biasbound;

class RandomDrop final : public bb::estimators::Stage {
 public:
  explicit RandomDrop(double p) : p_(p) {}

  bool is_source() const override { return false; }
  void apply(const bb::estimators::Context& context, bb::estimators::Message& message) override {
    boost::random::bernoulli_distribution<double> keep(p_);
    for (auto& value : message.values)
      if (!keep(context.rng)) value = 0;
  }
  std::unique_ptr<Stage> clone() const override { return std::make_unique<RandomDrop>(*this); }
  bb::core::Json describe() const override { return {{"stage", "drop"}, {"p", p_}}; }
  bb::estimators::StageConstants constants() const override {
    bb::estimators::StageConstants c;
    c.m = (1 - p_) * (1 - p_);
    c.zeta2 = 0.0;
    c.delta = p_;  // E‖C(v) − v‖² = (1 − p)‖v‖²
    c.note = "m = (1 - p)^2, delta = p";
    return c;
  }

 private:
  double p_;
};

int main(int argc, char** argv) {
  try {
    const double p = argc > 1 ? std::stod(argv[1]) : 0.7;
    if (!(p > 0 && p <= 1)) throw bb::core::input_error("p must be in (0, 1], got {}", p);
    const int workers = 4;
    const auto f = bb::problems::make_problem("quadratic:d=40,L=1,mu=0.1,hetero=0", workers);

    // The exact gradient, then the user's stage: a pipeline like "exact+drop".
    auto g = bb::estimators::Pipeline::parse("exact", *f);
    g.append(std::make_unique<RandomDrop>(p));

    bb::methods::MeasureConfig options;
    options.points = 12;
    options.samples = 400;
    options.confidence = 0.99;
    options.progress = false;
    const auto measured = bb::methods::measure(*f, g, options).summary;
    std::cout << g.text() << " on " << f->name() << ": " << measured.brief_report() << '\n';

    const double m = (1 - p) * (1 - p), M = (1 - p) / (p * workers);
    const double m_hat = measured.bias.slope_only.value_or(INFINITY);
    const double M_hat = measured.variance.slope_only.value_or(INFINITY);
    std::cout << "closed form: m = " << m << ", M = " << M << '\n'
              << "measured upper limits: m = " << m_hat << ", M = " << M_hat << " ("
              << measured.points << " points x " << measured.samples << " samples, "
              << 100 * measured.confidence << "% simultaneous)\n";
    // Upper confidence limits cover the truth, and a few hundred samples pin them near it.
    const bool covers = m_hat >= m && M_hat >= M;
    const bool tight = m_hat <= 2 * m + 1e-3 && M_hat <= 2 * M + 1e-3;
    std::cout << (covers && tight ? "consistent" : "NOT consistent") << " with the closed form\n";
    return covers && tight ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "measure_user_stage: " << e.what() << '\n';
    return 2;
  }
}
