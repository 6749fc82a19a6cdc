#include "storage/sha256.h"

#include "storage/store_error.h"

#include <fstream>
#include <memory>
#include <openssl/evp.h>
#include <vector>

namespace storage {

namespace {

struct Digest
{
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx { EVP_MD_CTX_new(),
                                                                  &EVP_MD_CTX_free };
    Digest() { EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr); }
    void update(const void *data, size_t n) { EVP_DigestUpdate(ctx.get(), data, n); }
    std::string hex()
    {
        unsigned char out[EVP_MAX_MD_SIZE];
        unsigned int length = 0;
        EVP_DigestFinal_ex(ctx.get(), out, &length);
        static const char digits[] = "0123456789abcdef";
        std::string text;
        for (unsigned int i = 0; i < length; ++i) {
            text += digits[out[i] >> 4];
            text += digits[out[i] & 15];
        }
        return text;
    }
};

} // namespace

std::string sha256Hex(std::string_view bytes)
{
    Digest d;
    d.update(bytes.data(), bytes.size());
    return d.hex();
}

std::string sha256File(const std::filesystem::path &file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw StoreError("cannot read '" + file.string() + "' to check its SHA-256");
    Digest d;
    std::vector<char> buffer(1 << 20);
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        d.update(buffer.data(), static_cast<size_t>(in.gcount()));
    }
    if (in.bad())
        throw StoreError("error while reading '" + file.string() + "'");
    return d.hex();
}

} // namespace storage
