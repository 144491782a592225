; Inno Setup script: installs the one-folder app built by PyInstaller
; (dist\lapor-desktop\) with a Start-menu entry, an optional desktop icon and an
; uninstaller. Build on Windows 10 (1809 or newer) after the PyInstaller build:
;
;     python -m PyInstaller --noconfirm packaging\lapor-desktop.spec
;     "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" packaging\lapor-desktop.iss
;
; The installer lands in dist\installer\. Data (reports, keys, backups' reminder state) lives
; in the user's data folder, never in the program folder: uninstalling keeps it.
; See docs/install.md.

#define AppName "LAPOR Desktop"
#define AppVersion "0.1.0"
#define AppExe "lapor-desktop.exe"

[Setup]
AppId={{6B0E3F2A-4C1D-4E7B-9A51-0C8F2D7A1E55}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Pemerintah Kabupaten Sintang
DefaultDirName={autopf}\LAPOR Desktop
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
OutputDir=..\dist\installer
OutputBaseFilename=lapor-desktop-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6 needs Windows 10 1809 (build 17763) or newer.
MinVersion=10.0.17763
PrivilegesRequiredOverridesAllowed=dialog
UninstallDisplayIcon={app}\{#AppExe}
WizardStyle=modern

[Languages]
Name: "indonesian"; MessagesFile: "compiler:Languages\Indonesian.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "..\dist\lapor-desktop\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\Hapus {#AppName}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
