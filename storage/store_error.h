#pragma once

#include <stdexcept>

namespace storage {

/// A store that cannot be opened, read or written; the message names the file.
class StoreError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

} // namespace storage
