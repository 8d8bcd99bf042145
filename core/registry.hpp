#pragma once
// A name → entry table open to registration, shared by the registries of stages
// (estimators/registry.hpp) and problems (problems/registry.hpp): built-in entries first, then
// registered ones in order; lookups return pointers that stay valid, since a deque never moves
// its elements when one is appended. Entry is a struct with a `std::string name`.

#include <deque>
#include <initializer_list>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace biasbound::core {

template <class Entry>
class Registry {
 public:
  /// `what` names an entry in errors: "stage", "problem".
  Registry(std::string what, std::initializer_list<Entry> builtin)
      : what_(std::move(what)), entries_(builtin) {}

  /// Appends `entry`; a taken name is an InputError.
  void add(Entry entry) {
    const std::lock_guard lock(mutex_);
    for (const auto& e : entries_)
      if (e.name == entry.name)
        throw input_error("register_{}: a {} named '{}' is already registered", what_, what_,
                          entry.name);
    entries_.push_back(std::move(entry));
  }

  /// The entry named `name`, or nullptr.
  const Entry* find(std::string_view name) const {
    const std::lock_guard lock(mutex_);
    for (const auto& e : entries_)
      if (e.name == name) return &e;
    return nullptr;
  }

  std::vector<std::string> names() const {
    const std::lock_guard lock(mutex_);
    std::vector<std::string> list;
    for (const auto& e : entries_) list.push_back(e.name);
    return list;
  }

  std::vector<Entry> entries() const {
    const std::lock_guard lock(mutex_);
    return {entries_.begin(), entries_.end()};
  }

 private:
  std::string what_;
  mutable std::mutex mutex_;
  std::deque<Entry> entries_;
};

}  // namespace biasbound::core
