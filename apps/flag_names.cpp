#include "apps/flag_names.hpp"

#include <cctype>

namespace biasbound::apps {
namespace {

bool continues_name(const std::string& text, std::size_t at) {
  return at < text.size() &&
         (std::isalnum(static_cast<unsigned char>(text[at])) || text[at] == '_');
}

// Replaces each `name` in `text` that is not the start of a longer name ("RunConfig.seed" in
// "RunConfig.seeds"), and after it `suffix` when present there, by `replacement`.
void replace_name(std::string& text, const std::string& name, const std::string& suffix,
                  const std::string& replacement) {
  for (auto at = text.find(name); at != std::string::npos; at = text.find(name, at)) {
    const auto end = at + name.size();
    if (continues_name(text, end)) {
      at = end;
      continue;
    }
    const bool with_suffix = text.compare(end, suffix.size(), suffix) == 0;
    text.replace(at, name.size() + (with_suffix ? suffix.size() : 0), replacement);
    at += replacement.size();
  }
}

}  // namespace

std::string in_flag_terms(std::string message, const FlagNames& flags) {
  for (const auto& [field, flag] : flags) replace_name(message, field, " =", flag);
  return message;
}

std::function<int()> naming_flags(FlagNames flags, std::function<int()> run) {
  return [flags = std::move(flags), run = std::move(run)] {
    try {
      return run();
    } catch (const core::InputError& e) {
      throw core::InputError(in_flag_terms(e.what(), flags), e.field());
    } catch (const core::DivergenceError& e) {
      throw core::DivergenceError(in_flag_terms(e.what(), flags));
    }
  };
}

}  // namespace biasbound::apps
