; Windows installer of the KKR meeting companion (NSIS 3): per user, no admin rights.
;
; Installs the PyInstaller one-folder bundle into %LOCALAPPDATA%\Programs\KKR Meeting
; Companion, adds a Start menu entry and an uninstaller registered under HKCU (Settings >
; Apps lists it). The member's meetings and notes (%LOCALAPPDATA%\kkr-companion) are
; never touched by the uninstaller.
;
;   makensis -NOCD -DVERSION=0.1.0 -DBUNDLE=build\pyinstaller\dist\companion -DLICENSE=LICENSE
;            -DOUTFILE=dist\kkr-companion-0.1.0-setup.exe [-DICON=build\icons\companion.ico]
;            packaging\windows\companion.nsi
; (.github/workflows/release.yml on windows-latest; packaging/windows/check_nsis.sh
; compiles it on Linux against a stand-in payload.)

Unicode true

!ifndef VERSION
  !error "Give the version: -DVERSION=0.1.0"
!endif
!ifndef BUNDLE
  !error "Give the PyInstaller bundle folder: -DBUNDLE=..."
!endif
!ifndef LICENSE
  !error "Give the licence file: -DLICENSE=LICENSE"
!endif
!ifndef OUTFILE
  !error "Give the installer's file name: -DOUTFILE=..."
!endif

!define APP_NAME "KKR Meeting Companion"
!define APP_ID "dk.kkr.Companion"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"

Name "${APP_NAME}"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\${APP_NAME}"
InstallDirRegKey HKCU "Software\${APP_ID}" "InstallDir"
SetCompressor /SOLID lzma
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "${APP_NAME} installer"
VIAddVersionKey /LANG=0 "LegalCopyright" "AGPL-3.0-or-later"

!include "MUI2.nsh"
!ifdef ICON
  !define MUI_ICON "${ICON}"
  !define MUI_UNICON "${ICON}"
!endif
!define MUI_FINISHPAGE_RUN "$INSTDIR\companion.exe"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_LICENSE "${LICENSE}"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Danish"
!insertmacro MUI_LANGUAGE "English"

Section "Install"
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  ; A new version replaces the old program files; the member's data lives elsewhere.
  RMDir /r "$INSTDIR\_internal"
  File /r "${BUNDLE}\*"
  File "/oname=LICENSE.txt" "${LICENSE}"
  WriteUninstaller "$INSTDIR\Uninstall.exe"
  CreateShortcut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\companion.exe"
  WriteRegStr HKCU "Software\${APP_ID}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "KKR companion developers"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\companion.exe"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\Uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\Uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  ; Only what the installer put there: never a recursive delete of $INSTDIR itself,
  ; which the member may have pointed at a folder with other files.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\companion.exe"
  Delete "$INSTDIR\LICENSE.txt"
  Delete "$INSTDIR\Uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "Software\${APP_ID}"
SectionEnd
