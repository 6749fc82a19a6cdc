#include "engine/core/json_reader.h"

#include "engine/core/limits.h"
#include "engine/core/number_list.h"

#include <cmath>

namespace engine {

JsonObjectReader::JsonObjectReader(const nlohmann::json &object, std::string path,
                                   std::vector<Problem> &problems)
    : m_object(object)
    , m_path(std::move(path))
    , m_problems(problems)
{ }

std::string JsonObjectReader::field(const std::string &key) const
{
    return m_path.empty() ? key : m_path + "." + key;
}

bool JsonObjectReader::has(const std::string &key) const
{
    return m_object.contains(key);
}

void JsonObjectReader::problem(const std::string &key, const std::string &message)
{
    m_asked.insert(key); // reported once, not again as an unknown field by finish()
    m_problems.push_back({ field(key), message });
}

const nlohmann::json *JsonObjectReader::take(const std::string &key)
{
    m_asked.insert(key);
    const auto it = m_object.find(key);
    return it == m_object.end() || it->is_null() ? nullptr : &*it;
}

std::optional<std::string> JsonObjectReader::string(const std::string &key)
{
    const auto *v = take(key);
    if (!v)
        return std::nullopt;
    if (!v->is_string()) {
        problem(key, "expected a string, got " + v->dump());
        return std::nullopt;
    }
    return v->get<std::string>();
}

std::optional<bool> JsonObjectReader::boolean(const std::string &key)
{
    const auto *v = take(key);
    if (!v)
        return std::nullopt;
    if (!v->is_boolean()) {
        problem(key, "expected true or false, got " + v->dump());
        return std::nullopt;
    }
    return v->get<bool>();
}

std::optional<double> JsonObjectReader::number(const std::string &key)
{
    const auto *v = take(key);
    if (!v)
        return std::nullopt;
    if (v->is_number())
        return v->get<double>();
    if (v->is_string()) {
        // Command-line overrides arrive as text.
        auto parsed = parseNumberList(v->get<std::string>());
        if (auto *values = std::get_if<std::vector<double>>(&parsed); values && values->size() == 1)
            return values->front();
        problem(key, "expected a number, got " + v->dump());
        return std::nullopt;
    }
    problem(key, "expected a number, got " + v->dump());
    return std::nullopt;
}

std::optional<int64_t> JsonObjectReader::integer(const std::string &key)
{
    const auto value = number(key);
    if (!value)
        return std::nullopt;
    if (std::floor(*value) != *value) {
        problem(key, "expected a whole number, got " + formatNumber(*value));
        return std::nullopt;
    }
    if (std::fabs(*value) > 9.0e15) {
        problem(key,
                formatNumber(*value) + " is too large: whole numbers up to 9e+15 are read exactly");
        return std::nullopt;
    }
    return static_cast<int64_t>(*value);
}

std::optional<std::vector<double>> JsonObjectReader::numberList(const std::string &key)
{
    const auto *v = take(key);
    if (!v)
        return std::nullopt;
    if (v->is_number())
        return std::vector<double> { v->get<double>() };
    if (v->is_string()) {
        auto parsed = parseNumberList(v->get<std::string>());
        if (auto *error = std::get_if<std::string>(&parsed)) {
            problem(key, *error);
            return std::nullopt;
        }
        return std::get<std::vector<double>>(parsed);
    }
    if (!v->is_array()) {
        problem(key,
                "expected a list of numbers such as [0.1, 0.5] or \"0.1, 0.2, ..., 1.0\", got "
                    + v->dump());
        return std::nullopt;
    }
    std::vector<double> values;
    for (size_t i = 0; i < v->size(); ++i) {
        const auto &item = (*v)[i];
        if (!item.is_number()) {
            m_problems.push_back({ field(key) + "[" + std::to_string(i) + "]",
                                   "expected a number, got " + item.dump() });
            return std::nullopt;
        }
        values.push_back(item.get<double>());
    }
    if (values.empty()) {
        problem(key, "the list is empty");
        return std::nullopt;
    }
    return values;
}

const nlohmann::json *JsonObjectReader::object(const std::string &key)
{
    const auto *v = take(key);
    if (v && !v->is_object()) {
        problem(key, "expected an object {...}, got " + v->dump());
        return nullptr;
    }
    return v;
}

const nlohmann::json *JsonObjectReader::array(const std::string &key)
{
    const auto *v = take(key);
    if (v && !v->is_array()) {
        problem(key, "expected a list [...], got " + v->dump());
        return nullptr;
    }
    return v;
}

void JsonObjectReader::finish()
{
    std::string known;
    for (const auto &k : m_asked)
        known += (known.empty() ? "" : ", ") + k;
    for (const auto &[key, value] : m_object.items())
        if (!m_asked.count(key))
            problem(key, "unknown field; this object takes " + known);
}

nlohmann::json parseUserJson(std::string_view text, const std::string &what)
{
    using nlohmann::json;
    if (text.size() > kMaxSpecBytes)
        throw ConfigError(what + " is " + groupThousands(int64_t(text.size()))
                          + " bytes; a spec holds at most "
                          + groupThousands(int64_t(kMaxSpecBytes)));
    // Per open container: its path ("pruning.settings", "seeds[2]"), the keys seen so far and,
    // for arrays, the index of the next element.
    struct Level
    {
        std::string path;
        bool isArray = false;
        std::set<std::string> keys;
        std::string key;
        int64_t index = 0;
    };
    std::vector<Level> stack;
    const auto childPath = [&]() -> std::string {
        if (stack.empty())
            return "";
        const Level &top = stack.back();
        if (top.isArray)
            return top.path + "[" + std::to_string(top.index) + "]";
        return top.path.empty() ? top.key : top.path + "." + top.key;
    };
    const auto place = [](const std::string &path) {
        return path.empty() ? std::string("at the top level") : "in " + path;
    };
    const json::parser_callback_t callback
        = [&](int depth, json::parse_event_t event, json &parsed) -> bool {
        switch (event) {
        case json::parse_event_t::object_start:
        case json::parse_event_t::array_start:
            if (depth >= kMaxJsonDepth)
                throw ConfigError(what + " nests deeper than " + std::to_string(kMaxJsonDepth)
                                  + " levels " + place(childPath()) + "; a spec needs a handful");
            stack.push_back({ childPath(), event == json::parse_event_t::array_start, {}, {}, 0 });
            break;
        case json::parse_event_t::key: {
            Level &top = stack.back();
            top.key = parsed.get<std::string>();
            if (!top.keys.insert(top.key).second)
                throw ConfigError(what + " has the key \"" + top.key + "\" twice " + place(top.path)
                                  + "; JSON would keep the last silently");
            break;
        }
        case json::parse_event_t::object_end:
        case json::parse_event_t::array_end:
            stack.pop_back();
            if (!stack.empty() && stack.back().isArray)
                ++stack.back().index;
            break;
        case json::parse_event_t::value:
            if (!stack.empty() && stack.back().isArray)
                ++stack.back().index;
            break;
        }
        return true;
    };
    try {
        return json::parse(text.begin(), text.end(), callback);
    } catch (const json::exception &e) { // a syntax error, or a number too large for a double
        throw ConfigError(what + " is not valid JSON: " + e.what());
    }
}

} // namespace engine
