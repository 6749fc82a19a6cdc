#include "engine/data/formats/svhn_format.h"

#include "engine/core/errors.h"
#include "engine/core/limits.h"
#include "engine/core/number_list.h"
#include "engine/data/formats/mat_headers.h"

#include <cmath>
#include <memory>
#include <mutex>
#include <string>

#ifdef PRUNESCOPE_WITH_MATIO
#include <matio.h>
#endif

namespace engine {

namespace fs = std::filesystem;

#ifdef PRUNESCOPE_WITH_MATIO

namespace {

/// matio reports problems through a process-wide log function; the last message of the calling
/// thread becomes part of our error instead of a line on stderr.
thread_local std::string lastMatioMessage;

void captureMatioLog(int, char *message)
{
    lastMatioMessage = message ? message : "";
}

void installMatioLog()
{
    static std::once_flag once;
    std::call_once(once, [] { Mat_LogInitFunc("prunescope", captureMatioLog); });
}

struct MatCloser
{
    void operator()(mat_t *m) const { Mat_Close(m); }
};
struct VarFreer
{
    void operator()(matvar_t *v) const { Mat_VarFree(v); }
};
using MatFile = std::unique_ptr<mat_t, MatCloser>;
using MatVar = std::unique_ptr<matvar_t, VarFreer>;

std::string detail()
{
    return lastMatioMessage.empty() ? std::string() : " (matio: " + lastMatioMessage + ")";
}

std::string dimsText(const matvar_t &v)
{
    std::string text;
    for (int i = 0; i < v.rank; ++i)
        text += (i ? "×" : "") + std::to_string(v.dims[i]);
    return text;
}

MatVar readVariable(mat_t *mat, const fs::path &file, const char *name, const char *expected)
{
    lastMatioMessage.clear();
    MatVar var(Mat_VarRead(mat, name));
    if (var && var->isComplex)
        throw DataError("'" + file.string() + "': variable " + name + " is complex; expected "
                        + expected);
    if (!var || !var->data)
        throw DataError("'" + file.string() + "': variable " + name
                        + " is missing or could not be read (is the file truncated?)" + detail()
                        + "; expected " + expected);
    return var;
}

MatVar readVariableInfo(mat_t *mat, const fs::path &file, const char *name, const char *expected)
{
    lastMatioMessage.clear();
    MatVar var(Mat_VarReadInfo(mat, name));
    if (!var || var->rank < 1 || !var->dims)
        throw DataError("'" + file.string() + "': variable " + name
                        + " is missing or its header could not be read (is the file truncated?)"
                        + detail() + "; expected " + expected);
    return var;
}

} // namespace

bool svhnSupported()
{
    return true;
}

SvhnArrays readSvhnArrays(const fs::path &file)
{
    installMatioLog();
    std::error_code ec;
    if (!fs::is_regular_file(file, ec))
        throw DataError("'" + file.string() + "' does not exist: an SVHN dataset needs "
                        + file.filename().string());
    checkMatHeaders(file);
    lastMatioMessage.clear();
    MatFile mat(Mat_Open(file.c_str(), MAT_ACC_RDONLY));
    if (!mat)
        throw DataError("'" + file.string() + "' is not a MATLAB .mat file" + detail());

    // The header first: what X and y declare is checked before matio allocates for it.
    const MatVar xInfo = readVariableInfo(mat.get(), file, "X", "32×32×3×N uint8 images");
    if (xInfo->class_type != MAT_C_UINT8 || xInfo->rank != 4 || xInfo->dims[0] != 32
        || xInfo->dims[1] != 32 || xInfo->dims[2] != 3)
        throw DataError(
            "'" + file.string() + "': X is " + dimsText(*xInfo)
            + (xInfo->class_type == MAT_C_UINT8 ? " uint8" : " of another type than uint8")
            + "; expected 32×32×3×N uint8 images (SVHN format 2)");
    const int64_t n = static_cast<int64_t>(xInfo->dims[3]);
    if (n == 0)
        throw DataError("'" + file.string() + "': X holds no images");
    const uint64_t fileBytes = fs::file_size(file, ec);
    const uint64_t room = checkedProduct(fileBytes, kMaxDeflateRatio).value_or(UINT64_MAX);
    if (uint64_t(n) > kMaxSamples || uint64_t(n) * 3072 > room)
        throw DataError("'" + file.string() + "': X declares " + groupThousands(n)
                        + " images, more than a file of " + groupThousands(int64_t(fileBytes))
                        + " bytes can hold (is it truncated?)");
    const MatVar yInfo = readVariableInfo(mat.get(), file, "y", "N×1 labels 1..10");
    if (yInfo->rank != 2 || uint64_t(yInfo->dims[0]) * yInfo->dims[1] != uint64_t(n))
        throw DataError("'" + file.string() + "': y is " + dimsText(*yInfo) + " but X holds "
                        + std::to_string(n) + " images; expected " + std::to_string(n)
                        + "×1 labels");

    MatVar x = readVariable(mat.get(), file, "X", "32×32×3×N uint8 images");
    if (x->class_type != MAT_C_UINT8 || x->rank != 4 || x->dims[3] != size_t(n)
        || x->nbytes != static_cast<size_t>(n) * 32 * 32 * 3)
        throw DataError("'" + file.string() + "': X holds " + std::to_string(x->nbytes)
                        + " bytes, expected " + std::to_string(n * 3072)
                        + " (is the file truncated?)");

    const MatVar y = readVariable(mat.get(), file, "y", "N×1 labels 1..10");
    const size_t labelCount = y->rank == 2 ? y->dims[0] * y->dims[1] : 0;
    if (labelCount != static_cast<size_t>(n) || (y->dims[0] != 1 && y->dims[1] != 1))
        throw DataError("'" + file.string() + "': y is " + dimsText(*y) + " but X holds "
                        + std::to_string(n) + " images; expected " + std::to_string(n)
                        + "×1 labels");
    // The official files store y as double; other writers use integer classes.
    const auto label = [&](int64_t i) -> double {
        switch (y->class_type) {
        case MAT_C_DOUBLE:
            return static_cast<const double *>(y->data)[i];
        case MAT_C_SINGLE:
            return static_cast<const float *>(y->data)[i];
        case MAT_C_UINT8:
            return static_cast<const uint8_t *>(y->data)[i];
        case MAT_C_INT32:
            return static_cast<const int32_t *>(y->data)[i];
        case MAT_C_INT64:
            return double(static_cast<const int64_t *>(y->data)[i]);
        default:
            throw DataError("'" + file.string()
                            + "': y has a class other than double, single, uint8, int32 or int64");
        }
    };
    const size_t width = y->class_type == MAT_C_DOUBLE || y->class_type == MAT_C_INT64 ? 8
        : y->class_type == MAT_C_UINT8                                                 ? 1
                                                                                       : 4;
    if (y->nbytes < size_t(n) * width)
        throw DataError("'" + file.string() + "': y holds " + std::to_string(y->nbytes)
                        + " bytes, fewer than " + std::to_string(n) + " labels need");
    SvhnArrays arrays;
    arrays.count = n;
    arrays.labels.resize(size_t(n));
    for (int64_t i = 0; i < n; ++i) {
        const double value = label(i);
        if (!(value == std::round(value) && value >= 1 && value <= 10))
            throw DataError("'" + file.string() + "': y[" + std::to_string(i) + "] is "
                            + std::to_string(value)
                            + "; SVHN labels are whole numbers 1..10 (10 stands for the digit 0)");
        arrays.labels[size_t(i)] = value == 10 ? 0 : int64_t(value);
    }
    // The pixels stay in matio's buffer, which the arrays own from here.
    std::shared_ptr<matvar_t> owner(x.release(), [](matvar_t *v) { Mat_VarFree(v); });
    arrays.pixels
        = std::shared_ptr<const uint8_t>(owner, static_cast<const uint8_t *>(owner->data));
    return arrays;
}

#else

bool svhnSupported()
{
    return false;
}

SvhnArrays readSvhnArrays(const fs::path &file)
{
    throw DataError("'" + file.string()
                    + "' is an SVHN .mat file, and this build has no .mat reader (it was built "
                      "without the matio library)");
}

#endif

} // namespace engine
