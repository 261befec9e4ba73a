; Inno Setup script: the fieldclient installer for agency laptops (Windows, per machine).
; Build (on Windows, after `scripts\build.ps1` or the CI job has made dist\fieldclient):
;   iscc /DAppVersion=0.1.0 packaging\windows\fieldclient.iss
; Install options for support staff (all silent-friendly):
;   fieldclient-setup.exe /SILENT /SERVER=https://ems.example.org
;       writes fieldclient.json beside the program, so every user starts on that server
;   uninstall with /PURGEDATA=1 to also erase the uninstalling user's local data;
;       without it (the default), data and unsynced reports are always kept.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
; The one-folder bundle to package (the Windows lane builds it elsewhere: /DBundleDir=...).
#ifndef BundleDir
  #define BundleDir "..\..\dist\fieldclient"
#endif

[Setup]
; One AppId for every version: a newer installer upgrades in place.
AppId={{8C6E2B7A-4F1D-4C57-9E7B-2D9A51F0C3E1}
AppName=fieldclient
AppVersion={#AppVersion}
AppPublisher=fieldclient
DefaultDirName={autopf}\fieldclient
DefaultGroupName=fieldclient
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=fieldclient-setup-{#AppVersion}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
; A running client holds its files: close it first, and start it again afterwards.
CloseApplications=yes
RestartApplications=no
UninstallDisplayIcon={app}\fieldclient.exe

[Files]
; The whole one-folder bundle. Files of an older version that a newer one no longer has
; are removed by [InstallDelete] below; user data never lives under {app}.
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; Upgrade in place: clear the previous bundle's libraries (never fieldclient.json).
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\fieldclient"; Filename: "{app}\fieldclient.exe"

[Run]
Filename: "{app}\fieldclient.exe"; Description: "Start fieldclient"; Flags: nowait postinstall skipifsilent

[Code]
function ServerParam(): String;
begin
  Result := Trim(ExpandConstant('{param:SERVER|}'));
end;

// A plain https address: nothing that could break out of the JSON string we write.
function IsSafeServerUrl(Url: String): Boolean;
var
  I: Integer;
begin
  Result := (Pos('https://', Lowercase(Url)) = 1) and (Length(Url) > 8) and (Length(Url) < 2000);
  for I := 1 to Length(Url) do
    if (Url[I] = '"') or (Url[I] = '\') or (Ord(Url[I]) < 33) or (Ord(Url[I]) > 126) then
      Result := False;
end;

function InitializeSetup(): Boolean;
begin
  Result := True;
  if (ServerParam() <> '') and not IsSafeServerUrl(ServerParam()) then
  begin
    SuppressibleMsgBox('The /SERVER address must be a plain https:// address, like ' +
      '/SERVER=https://ems.example.org. Nothing was installed.', mbError, MB_OK, IDOK);
    Result := False;
  end;
end;

procedure CurStepChanged(CurStep: TSetupStep);
begin
  // Only when asked: an upgrade without /SERVER keeps the existing fieldclient.json.
  if (CurStep = ssPostInstall) and (ServerParam() <> '') then
    SaveStringToFile(ExpandConstant('{app}\fieldclient.json'),
      '{"server_url": "' + ServerParam() + '"}' + #13#10, False);
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  if CurUninstallStep <> usPostUninstall then
    Exit;
  // The program folder goes; the pre-provisioned server address with it.
  DeleteFile(ExpandConstant('{app}\fieldclient.json'));
  // Each user's encrypted store (and unsynced reports) stays unless explicitly asked.
  DataDir := ExpandConstant('{localappdata}\fieldclient');
  if (ExpandConstant('{param:PURGEDATA|0}') = '1') and DirExists(DataDir) then
    DelTree(DataDir, True, True, True);
end;
