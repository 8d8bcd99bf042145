#pragma once
// Small problems shared by the tests.

#include <memory>

#include "problems/logistic.hpp"
#include "problems/quadratic.hpp"
#include "problems/sharding.hpp"
#include "problems/synthetic.hpp"

namespace biasbound::testing {

inline std::unique_ptr<problems::Logistic> small_logistic(int workers, double lambda = 0.01,
                                                          int examples = 120, int dim = 6) {
  problems::SyntheticOptions o;
  o.examples = examples;
  o.dim = dim;
  o.seed = 3;
  auto data = problems::make_synthetic(o, 30);
  const auto shards =
      problems::make_shards(data.train.labels, workers, problems::Sharding::kIid, 5);
  return std::make_unique<problems::Logistic>(data.train, std::move(data.test), shards, lambda,
                                              core::Json::object());
}

inline std::unique_ptr<problems::Quadratic> small_quadratic(int workers, double hetero = 0.5,
                                                            int dim = 8) {
  problems::QuadraticOptions o;
  o.dim = dim;
  o.L = 2.0;
  o.mu = 0.1;
  o.heterogeneity = hetero;
  o.seed = 11;
  return std::make_unique<problems::Quadratic>(o, workers);
}

}  // namespace biasbound::testing
