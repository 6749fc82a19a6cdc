# Desktop integration, documentation and the Debian package (`cpack -G DEB` in the build folder).
# The package targets Debian 12 and its own libtorch, Qt 6 and QCustomPlot packages, which is why
# the library dependencies come from dpkg-shlibdeps rather than a hand-kept list.

include(GNUInstallDirs)

set(_linux ${PROJECT_SOURCE_DIR}/packaging/linux)
set(_app_id io.github.prunescope.Prunescope)

install(FILES ${_linux}/${_app_id}.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${_linux}/${_app_id}.metainfo.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES ${_linux}/${_app_id}.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
# The PNGs are committed (rendered from the SVG with `rsvg-convert -w N -h N`) because no SVG
# renderer is among the build dependencies; re-render them when the SVG changes.
foreach(_size 48 128 256)
    install(FILES ${_linux}/icons/${_size}x${_size}/${_app_id}.png
            DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${_size}x${_size}/apps)
endforeach()

# The presets are the worked examples the man page and README start from.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/resources/presets/
        DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples FILES_MATCHING PATTERN "*.json")
install(FILES ${_linux}/copyright DESTINATION ${CMAKE_INSTALL_DOCDIR})
# Help ▸ User guide shows this copy, screenshots beside it.
install(FILES ${PROJECT_SOURCE_DIR}/docs/user-guide.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/screenshots DESTINATION ${CMAKE_INSTALL_DOCDIR})

# Debian policy wants man pages and changelogs gzipped at maximum compression, and -n keeps the
# name and time stamp out so that rebuilds give identical files.
find_program(PRUNESCOPE_GZIP gzip REQUIRED)
set(_gz_outputs)
foreach(_src prunescope.1 prunescope-cli.1 changelog)
    set(_out ${CMAKE_CURRENT_BINARY_DIR}/packaging/${_src}.gz)
    add_custom_command(OUTPUT ${_out}
        COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_CURRENT_BINARY_DIR}/packaging
        COMMAND ${PRUNESCOPE_GZIP} -9 -n -c ${_linux}/${_src} > ${_out}
        DEPENDS ${_linux}/${_src}
        VERBATIM)
    list(APPEND _gz_outputs ${_out})
endforeach()
add_custom_target(packaging_docs ALL DEPENDS ${_gz_outputs})
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/packaging/prunescope.1.gz
              ${CMAKE_CURRENT_BINARY_DIR}/packaging/prunescope-cli.1.gz
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
# Version 0.1.0 has no Debian revision, so the package is native and its changelog is changelog.gz.
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/packaging/changelog.gz DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME prunescope)
set(CPACK_PACKAGE_VENDOR "Prunescope developers")
set(CPACK_PACKAGE_CONTACT "Prunescope developers <prunescope@example.org>")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://github.com/prunescope/prunescope")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "workbench for data pruning with knowledge distillation")
# CPack indents these lines and turns the empty one into the " ." Debian needs.
set(CPACK_PACKAGE_DESCRIPTION
"Prunescope trains a neural network on only a fraction of its training data,
with a teacher trained on the full data distilling into it, and measures how
much accuracy the teacher gives back.

The workbench window configures sweeps over kept fractions, distillation
weights and seeds, trains them on a background thread (CPU or CUDA, through
LibTorch), keeps every run in an SQLite workspace and charts test accuracy
against kept fraction. Random pruning and the score-based methods of the
data-pruning literature (EL2N, GraNd, Forgetting, AUM, uncertainty,
prototypes, Moderate, CCS, herding, k-center greedy) are included, each
stored with its exact definition. The command line prunescope-cli runs the
same sweeps from a JSON spec into the same workspace, for batch jobs.")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "Prunescope developers <prunescope@example.org>")
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Qt loads its X11/Wayland platform plugins at run time, so dpkg-shlibdeps cannot see them, and
# libqt6gui6 only recommends them: without this the window fails to open on a
# --no-install-recommends system. CPack appends the computed library dependencies to it.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins")
# Neither is needed to start: any dataset folder works, and the reference BLAS is only slower.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "dataset-fashion-mnist, libopenblas0-openmp")
# Release binaries still carry their symbol tables; Debian ships them stripped.
set(CPACK_STRIP_FILES ON)
# Without these the package's folders and md5sums take the builder's umask, which lintian flags.
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

include(CPack)
