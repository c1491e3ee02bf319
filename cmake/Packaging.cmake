# What `cmake --install` puts where, and the Debian packages CPack makes of it:
#   queuehall-controller  the daemon, its units (service, daily backup), config, serial udev rules
#   queuehall-kiosk       the kiosk and queuehall-print, the cage session unit, its PAM stack,
#                         config, printer and scanner udev rules
#   queuehall-data        /usr/share/queuehall: halls, printer profiles, calendars, appraisal
#                         rules, voice clips (the web pages and translations are in the programs)
# Packages: cmake --build build/X --target package (see packaging/build-debs.sh).
include(GNUInstallDirs)

set(QH_SYSTEMD_DIR /lib/systemd/system)
set(QH_UDEV_DIR /lib/udev/rules.d)
set(QH_PKG ${PROJECT_SOURCE_DIR}/packaging)

install(TARGETS queuehall-controller queuehall-city COMPONENT controller)
install(FILES ${QH_PKG}/systemd/queuehall-controller.service ${QH_PKG}/systemd/queuehall-backup.service
    ${QH_PKG}/systemd/queuehall-backup.timer DESTINATION ${QH_SYSTEMD_DIR} COMPONENT controller)
install(FILES ${QH_PKG}/etc/controller.json DESTINATION /etc/queuehall COMPONENT controller)
install(FILES ${QH_PKG}/udev/60-queuehall-serial.rules DESTINATION ${QH_UDEV_DIR} COMPONENT controller)

install(TARGETS queuehall-kiosk queuehall-print COMPONENT kiosk)
install(FILES ${QH_PKG}/systemd/queuehall-kiosk.service DESTINATION ${QH_SYSTEMD_DIR} COMPONENT kiosk)
install(FILES ${QH_PKG}/etc/kiosk.json DESTINATION /etc/queuehall COMPONENT kiosk)
install(FILES ${QH_PKG}/deb/pam-queuehall-kiosk DESTINATION /etc/pam.d RENAME queuehall-kiosk
    COMPONENT kiosk)
install(FILES ${QH_PKG}/udev/60-queuehall-printer.rules ${QH_PKG}/udev/60-queuehall-scanner.rules
    DESTINATION ${QH_UDEV_DIR} COMPONENT kiosk)
install(FILES ${QH_PKG}/deb/queuehall-kiosk.metainfo.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo
    COMPONENT kiosk)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/assets/halls ${PROJECT_SOURCE_DIR}/assets/printers
    ${PROJECT_SOURCE_DIR}/assets/calendar ${PROJECT_SOURCE_DIR}/assets/appraisal ${QH_VOICE_DIR}
    DESTINATION ${CMAKE_INSTALL_DATADIR}/queuehall COMPONENT data)

# The version grows with every commit, so a package of a later commit upgrades an earlier one.
find_package(Git QUIET)
set(QH_COMMIT unknown)
set(QH_PACKAGE_VERSION ${PROJECT_VERSION})
if(GIT_FOUND AND EXISTS ${PROJECT_SOURCE_DIR}/.git)
    execute_process(COMMAND ${GIT_EXECUTABLE} rev-list --count HEAD WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
        OUTPUT_VARIABLE QH_COMMIT_COUNT OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --short=12 HEAD WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
        OUTPUT_VARIABLE QH_COMMIT OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    execute_process(COMMAND ${GIT_EXECUTABLE} log -1 --format=%cD WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
        OUTPUT_VARIABLE QH_CHANGELOG_DATE OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    if(QH_COMMIT_COUNT)
        set(QH_PACKAGE_VERSION ${PROJECT_VERSION}+${QH_COMMIT_COUNT})
    endif()
endif()
if(NOT QH_CHANGELOG_DATE)
    string(TIMESTAMP QH_CHANGELOG_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
endif()

# Each package's copyright and changelog, as Debian policy asks, and the manual pages; the
# changelog and pages compressed as Debian ships them.
configure_file(${QH_PKG}/deb/changelog.in ${CMAKE_BINARY_DIR}/deb/changelog @ONLY)
set(QH_DEB_DOCS ${CMAKE_BINARY_DIR}/deb/changelog.gz)
add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/deb/changelog.gz
    COMMAND gzip -9nkf ${CMAKE_BINARY_DIR}/deb/changelog
    DEPENDS ${CMAKE_BINARY_DIR}/deb/changelog)
foreach(page queuehall-controller queuehall-city queuehall-kiosk queuehall-print)
    add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/deb/${page}.1.gz
        COMMAND gzip -9nc ${QH_PKG}/man/${page}.1 > ${CMAKE_BINARY_DIR}/deb/${page}.1.gz
        DEPENDS ${QH_PKG}/man/${page}.1)
    list(APPEND QH_DEB_DOCS ${CMAKE_BINARY_DIR}/deb/${page}.1.gz)
endforeach()
add_custom_target(deb_docs ALL DEPENDS ${QH_DEB_DOCS})
install(FILES ${CMAKE_BINARY_DIR}/deb/queuehall-controller.1.gz ${CMAKE_BINARY_DIR}/deb/queuehall-city.1.gz
    DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT controller)
install(FILES ${CMAKE_BINARY_DIR}/deb/queuehall-kiosk.1.gz ${CMAKE_BINARY_DIR}/deb/queuehall-print.1.gz
    DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT kiosk)
foreach(component controller kiosk data)
    install(FILES ${QH_PKG}/deb/copyright ${CMAKE_BINARY_DIR}/deb/changelog.gz
        DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/queuehall-${component} COMPONENT ${component})
endforeach()
foreach(component controller kiosk)
    install(FILES ${PROJECT_SOURCE_DIR}/docs/install.md
        DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/queuehall-${component} COMPONENT ${component})
endforeach()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME queuehall)
set(CPACK_PACKAGE_VERSION ${QH_PACKAGE_VERSION})
set(CPACK_PACKAGE_CONTACT "queuehall maintainers <maintainers@queuehall.example>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL controller kiosk data)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE https://queuehall.example/)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_ENABLE_COMPONENT_DEPENDS OFF)
set(QH_DATA_DEPENDS "queuehall-data (= ${QH_PACKAGE_VERSION})")

set(CPACK_DEBIAN_CONTROLLER_PACKAGE_NAME queuehall-controller)
set(CPACK_DEBIAN_CONTROLLER_DESCRIPTION "queue-ticketing controller for government service halls
The hall's controller daemon: every queue, case and rating in a local SQLite
store; the API and pages for kiosks, window callers, lobby displays, booking
and the hall admin; RS-485 keypads and boards, SMS, reports and the audit
trail.")
set(CPACK_DEBIAN_CONTROLLER_PACKAGE_DEPENDS
    "${QH_DATA_DEPENDS}, adduser, tzdata, fonts-noto-cjk")
set(CPACK_DEBIAN_CONTROLLER_PACKAGE_CONTROL_EXTRA
    "${QH_PKG}/deb/controller/conffiles;${QH_PKG}/deb/controller/postinst;${QH_PKG}/deb/controller/prerm;${QH_PKG}/deb/controller/postrm")

set(CPACK_DEBIAN_KIOSK_PACKAGE_NAME queuehall-kiosk)
set(CPACK_DEBIAN_KIOSK_DESCRIPTION "touch kiosk of the queuehall ticketing system
The touch-screen kiosk where citizens take a numbered ticket or check in a
booking, printing on a USB, network or CUPS thermal printer; it runs full
screen in a cage session on tty1. Also queuehall-print, the printer tool.")
set(CPACK_DEBIAN_KIOSK_PACKAGE_DEPENDS
    "${QH_DATA_DEPENDS}, adduser, tzdata, cage, qt6-wayland, fonts-noto-cjk, qml6-module-qtquick, qml6-module-qtquick-layouts, qml6-module-qtquick-window, qml6-module-qtqml-workerscript, libpam-systemd")
set(CPACK_DEBIAN_KIOSK_PACKAGE_CONTROL_EXTRA
    "${QH_PKG}/deb/kiosk/conffiles;${QH_PKG}/deb/kiosk/postinst;${QH_PKG}/deb/kiosk/prerm;${QH_PKG}/deb/kiosk/postrm")

set(CPACK_DEBIAN_DATA_PACKAGE_NAME queuehall-data)
set(CPACK_DEBIAN_DATA_PACKAGE_ARCHITECTURE all)
set(CPACK_DEBIAN_DATA_DESCRIPTION "data of the queuehall ticketing system
The sample hall, printer profiles, the working calendars, the window appraisal
rules and the spoken call's voice clips, shared by the controller and kiosk.")
include(CPack)
