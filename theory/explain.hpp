#pragma once
// `biasbound explain ID`: a theorem written out for a student — the method's update, what each
// assumption and constant means, the statement, the quantity, and why it holds.

#include <string>
#include <string_view>

namespace biasbound::theory {

/// Every statement of `id`; an unknown id is an InputError listing the catalog.
std::string explain(std::string_view id);

}  // namespace biasbound::theory
