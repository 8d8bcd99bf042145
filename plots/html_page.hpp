#pragma once
// The pieces every report page shares (the validation report, the sweep report): the inline
// style sheet, JSON values as HTML text, tables and definition lists, figures inlined with
// their caption, the page around a body, and writing it without a half-written moment.

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "core/json_io.hpp"
#include "plots/figure.hpp"

namespace biasbound::plots::page {

using HtmlRow = std::vector<std::string>;  // cells, already HTML

/// The style sheet: system fonts only, 18 px base, dark on white, print rules.
extern const char* const kStyle;

/// object[key], or null when `object` is not an object or lacks the key.
const core::Json& field(const core::Json& object, const std::string& key);
/// object[key] when it is a string, else empty.
std::string text(const core::Json& object, const std::string& key);
/// A JSON value as escaped HTML text: numbers to 4 significant digits, null as a dash.
std::string show(const core::Json& j);

std::string element(const std::string& tag, const std::string& html);
/// A right-aligned table cell holding show(j).
std::string number_cell(const core::Json& j);
/// A table; a cell that needs a class arrives as a whole <td> element.
std::string table(const std::string& caption, const HtmlRow& head,
                  const std::vector<HtmlRow>& rows);
/// A definition list; items with an empty definition are left out.
std::string definitions(const std::vector<std::pair<std::string, std::string>>& items);
/// Scenario descriptions are wrapped TOML text: one paragraph, so line breaks become spaces.
std::string unwrap(std::string s);

/// The whole content of a file; a core::InputError naming it when it cannot be read.
std::string read_text(const std::filesystem::path& path);
/// A figure file as the reader finds it inside DIR, e.g. figures/bound_vs_actual.svg.
std::string in_dir(const std::filesystem::path& file);
/// <figure>: the title, the SVG inline, the caption and the files it came from.
std::string figure(const Figure& f);

/// The HTML document: head with `title` (already HTML) and the style, then `body` in <main>.
std::string document(const std::string& title, const std::string& body);
/// Temporary file then rename, so a browser or a course page never sees half a report.
void write_atomically(const std::filesystem::path& path, const std::string& content);

}  // namespace biasbound::plots::page
