#pragma once

// One table per enum gives both directions of its names (spec fields, stored columns, CLI
// options), so a name and its parser can never disagree.

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace engine {

/// A table of every value of an enum with its name.
template<typename E, std::size_t N> using EnumNames = std::array<std::pair<E, std::string_view>, N>;

/// The name of value; the table's first name when the value is missing from it (a programming
/// error the tests catch).
template<typename E, std::size_t N>
constexpr std::string_view enumName(const EnumNames<E, N> &table, E value)
{
    for (const auto &[v, name] : table)
        if (v == value)
            return name;
    return table.front().second;
}

/// The value with that name, or nullopt.
template<typename E, std::size_t N>
constexpr std::optional<E> parseEnum(const EnumNames<E, N> &table, std::string_view name)
{
    for (const auto &[v, n] : table)
        if (n == name)
            return v;
    return std::nullopt;
}

/// "a, b, c": the names in the table's order, for messages listing what is accepted.
template<typename E, std::size_t N> std::string enumChoices(const EnumNames<E, N> &table)
{
    std::string text;
    for (const auto &[v, name] : table)
        text += (text.empty() ? "" : ", ") + std::string(name);
    return text;
}

} // namespace engine
