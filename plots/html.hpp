#pragma once
// HTML text for the report: escaping JSON strings into element content and attributes, and
// turning a gnuplot SVG file into an inline, responsive, script-free <svg> element.

#include <cctype>
#include <string>
#include <string_view>

namespace biasbound::plots {

/// `text` with the five HTML-special characters replaced, safe in content and quoted attributes.
inline std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace html_detail {

/// Removes every `<open ...>...</close>` block (scripts the report must not carry).
inline std::string remove_blocks(std::string text, std::string_view open, std::string_view close) {
  for (auto at = text.find(open); at != std::string::npos; at = text.find(open, at)) {
    const auto end = text.find(close, at);
    text.erase(at, end == std::string::npos ? std::string::npos : end + close.size() - at);
  }
  return text;
}

/// The attributes of the <svg> opening tag a report keeps: not the fixed size when a viewBox
/// gives the aspect ratio (the CSS sizes it), not event handlers (no scripts) and not the
/// namespace URLs (the HTML parser knows the namespace, and the report must name no URL).
inline bool keep_attribute(std::string_view name, bool has_view_box) {
  const bool size = name == "width" || name == "height";
  return !(size && has_view_box) && !name.starts_with("xmlns") && !name.starts_with("on");
}

/// Rewrites the <svg ...> opening tag: filtered attributes, then a responsive size.
inline std::string rewrite_svg_tag(std::string_view tag) {
  const bool has_view_box = tag.find("viewBox") != std::string_view::npos;
  std::string out = "<svg";
  std::size_t i = 4;  // after "<svg"
  while (i < tag.size()) {
    while (i < tag.size() && std::isspace(static_cast<unsigned char>(tag[i]))) ++i;
    const auto name_start = i;
    while (i < tag.size() && tag[i] != '=' && tag[i] != '>' && tag[i] != '/' &&
           !std::isspace(static_cast<unsigned char>(tag[i])))
      ++i;
    const auto name = tag.substr(name_start, i - name_start);
    if (i < tag.size() && tag[i] == '=') {
      const char quote = tag[i + 1];
      const auto value_end = tag.find(quote, i + 2);
      i = value_end == std::string_view::npos ? tag.size() : value_end + 1;
    } else if (name.empty()) {
      ++i;  // '>' or '/'
    }
    if (!name.empty() && keep_attribute(name, has_view_box)) {
      out += ' ';
      out += tag.substr(name_start, i - name_start);
    }
  }
  return out + " style=\"width:100%;height:auto\" role=\"img\">";
}

}  // namespace html_detail

/// The <svg> element of an SVG file's text, ready to inline in HTML: no XML prolog, doctype or
/// comment before it, no <script>, no fixed width/height (it scales to its column; the viewBox
/// keeps the aspect ratio). Empty when the text holds no <svg> element.
inline std::string inline_svg(std::string_view file_text) {
  const auto start = file_text.find("<svg");
  if (start == std::string_view::npos) return {};
  const auto tag_end = file_text.find('>', start);
  if (tag_end == std::string_view::npos) return {};
  const auto tag = file_text.substr(start, tag_end - start);
  auto body = std::string(file_text.substr(tag_end + 1));
  body = html_detail::remove_blocks(std::move(body), "<script", "</script>");
  return html_detail::rewrite_svg_tag(tag) + body;
}

}  // namespace biasbound::plots
