#!/bin/sh
# AV Switch: the plan that removes Kaspersky, as a script for a technician to
# review and run by hand, as root.
# System: Debian GNU/Linux 12 (bookworm). Root: /. Backup archive:
# /var/lib/avswitch/backup/kaspersky-20261127T080000Z.tar.gz.
# Read every command before running it. The script stops at the first failure
# (set -e); manual steps are comments.
set -eu

# 1. This computer is managed by Kaspersky Security Center (by hand)
#    A Kaspersky Network Agent connects this computer to the Kaspersky
#    Security Center administration server ksc.example.test. Removing
#    Kaspersky here ends that management without the administrator knowing,
#    and the device stays listed in Kaspersky Security Center until its
#    retention period ends or an administrator deletes it. Ask your
#    administrator to release this device, or to run the Kaspersky Security
#    Center task “Uninstall application remotely” for it. Continue anyway only
#    as a technician who has that agreement.
if [ "${AVSWITCH_CONTINUE_MANAGED:-}" != yes ]; then
  echo 'This computer is centrally managed: stop here unless the administrator agreed. Set AVSWITCH_CONTINUE_MANAGED=yes to continue anyway.' >&2
  exit 1
fi

# 2. Stop the Kaspersky services
#    Stops the Kaspersky services so that no Kaspersky program is running
#    while its packages are removed. Protection ends here: every Kaspersky
#    task stops.
systemctl stop -- kesl.service klnagent64.service

# 3. Remove the package kesl-gui
#    Removes the package kesl-gui with dpkg, which removes exactly this
#    package and refuses, rather than removing anything else, if another
#    package still needs it. Its configuration and data files are kept for the
#    backup step. The graphical interface goes first: Kaspersky documents that
#    it cannot be installed without the application package, so it must not
#    outlive it.
dpkg --remove -- kesl-gui
#    After: The package kesl-gui is not installed.

# 4. Remove the package kesl
#    Removes the package kesl with dpkg, which removes exactly this package
#    and refuses, rather than removing anything else, if another package still
#    needs it. Its configuration and data files are kept for the backup step.
dpkg --remove -- kesl
#    After: The package kesl is not installed.

# 5. Remove the package klnagent64
#    Removes the package klnagent64 with dpkg, which removes exactly this
#    package and refuses, rather than removing anything else, if another
#    package still needs it. Its configuration and data files are kept for the
#    backup step. The Network Agent goes last, and its removal ends Kaspersky
#    Security Center management of this computer. Its removal script runs
#    Kaspersky’s own uninstall.pl. Sources disagree on this order (some remove
#    the agent first); removing the applications first and the agent last is
#    an inference: the interface depends on the application, and removing the
#    agent frees the application from central policy.
dpkg --remove -- klnagent64
#    After: The package klnagent64 is not installed.

# 6. Pack the Kaspersky files into a backup archive
#    Before anything is deleted, these paths are packed into the archive
#    /var/lib/avswitch/backup/kaspersky-20261127T080000Z.tar.gz, which only
#    the administrator can read: /opt/kaspersky, /var/opt/kaspersky,
#    /lib/systemd/system/kesl.service, /var/log/kaspersky,
#    /etc/systemd/system/klnagent64.service, /etc/opt/kaspersky,
#    /usr/local/share/ca-certificates/kaspersky.crt. Symbolic links are stored
#    as links, never followed. The archive’s listing goes into the log.
#    Kaspersky’s Backup storage holds the files it quarantined, which can be
#    your own files flagged by mistake. Where it lives on Linux is not
#    documented; it is expected inside the Kaspersky folders above (an
#    inference), so the archive keeps it. To get a file back later: sudo tar
#    -xzf /var/lib/avswitch/backup/kaspersky-20261127T080000Z.tar.gz -C / PATH
install -d -m 0700 -- /var/lib/avswitch/backup
install -m 0600 /dev/null /var/lib/avswitch/backup/kaspersky-20261127T080000Z.tar.gz
tar --create --gzip --verbose --ignore-failed-read --one-file-system --file /var/lib/avswitch/backup/kaspersky-20261127T080000Z.tar.gz --directory / -- opt/kaspersky var/opt/kaspersky lib/systemd/system/kesl.service var/log/kaspersky etc/systemd/system/klnagent64.service etc/opt/kaspersky usr/local/share/ca-certificates/kaspersky.crt

# 7. Delete the Kaspersky leftovers
#    Deletes what the packages left behind — only inside the folders and files
#    AV Switch knows to be Kaspersky’s, only after every Kaspersky package is
#    gone, and without following symbolic links. Everything deleted here is in
#    the backup archive. Paths: /opt/kaspersky, /var/opt/kaspersky,
#    /lib/systemd/system/kesl.service, /var/log/kaspersky,
#    /etc/systemd/system/klnagent64.service, /etc/opt/kaspersky. The groups
#    kesladmin, nokesl are deleted as well; Kaspersky’s setup may have moved
#    users whose main group was one of them to “nogroup”.
#    Before: The package kesl-gui is not installed.
#    Before: The package kesl is not installed.
#    Before: The package klnagent64 is not installed.
rm --recursive --force --one-file-system -- /opt/kaspersky /var/opt/kaspersky /lib/systemd/system/kesl.service /var/log/kaspersky /etc/systemd/system/klnagent64.service /etc/opt/kaspersky
systemctl daemon-reload
if grep -q -- '^kesladmin:' '/etc/group'; then groupdel -- kesladmin; fi
if grep -q -- '^nokesl:' '/etc/group'; then groupdel -- nokesl; fi
#    After: Nothing exists at /opt/kaspersky.
#    After: Nothing exists at /var/opt/kaspersky.
#    After: Nothing exists at /lib/systemd/system/kesl.service.
#    After: Nothing exists at /var/log/kaspersky.
#    After: Nothing exists at /etc/systemd/system/klnagent64.service.
#    After: Nothing exists at /etc/opt/kaspersky.
#    After: The group kesladmin does not exist.
#    After: The group nokesl does not exist.

# 8. Clear the package records
#    dpkg remembers a removed package until it is purged, because its
#    configuration files could still be there. They were archived and deleted
#    in the step before; this makes dpkg forget the packages.
dpkg --purge -- kesl-gui kesl klnagent64
#    After: The package database has no record of kesl-gui.
#    After: The package database has no record of kesl.
#    After: The package database has no record of klnagent64.

# 9. Remove the Kaspersky root certificates from the system
#    Kaspersky added its own root certificate to the system’s trusted
#    certificates so that it could inspect encrypted connections. The files
#    /usr/local/share/ca-certificates/kaspersky.crt are deleted (they are in
#    the backup archive) and the system’s certificate bundle is rebuilt.
rm --force -- /usr/local/share/ca-certificates/kaspersky.crt
update-ca-certificates
#    After: Nothing exists at /usr/local/share/ca-certificates/kaspersky.crt.

# 10. Remove the Kaspersky certificates from the browsers (by hand)
#    Browsers keep their own list of trusted certificates (NSS databases:
#    Chromium-based browsers in ~/.pki/nssdb, Firefox in each profile). The
#    Kaspersky certificate is deleted from each with certutil, as the user who
#    owns the database. Close Firefox and Chromium-based browsers first: they
#    keep these databases open. The owner of some databases could not be read;
#    as that user, run: certutil -D -d sql:/nonexistent-home/alice/.pki/nssdb
#    -n 'Kaspersky Anti-Virus Personal Root Certificate'.

# 11. Remove the Kaspersky Protection browser extension (by hand)
#    A browser extension belongs to the browser profile, so only the browser
#    can remove it properly. Do this as the user of each profile listed.
#    Chrome, Chromium, Brave, Vivaldi, Opera or Edge (profiles:
#    /home/alice/.config/google-chrome/Default): type chrome://extensions into
#    the address bar (in Edge: edge://extensions) and press Enter, find
#    “Kaspersky Protection”, click Remove, then click Remove again to confirm.
#    Firefox (profiles: /home/alice/.mozilla/firefox/abcd.default-release):
#    open the menu ☰, choose Add-ons and themes, then Extensions; click •••
#    next to “Kaspersky Protection”, choose Remove, then click Remove again to
#    confirm. If the browser syncs extensions, remove it on your other
#    computers too, or it comes back. The final check looks for it again.

# 12. Restart the computer if asked (by hand)
#    Kaspersky programs were running; stopping the services and removing the
#    packages normally ends them. If the final check still finds a Kaspersky
#    kernel module or process, restart the computer and run the check again;
#    the progress is saved.

# 13. Install ClamUI
#    Installs ClamUI from Flathub (io.github.linx_systems.ClamUI) for your
#    user only, with Flatpak; no administrator rights are needed. The Flathub
#    remote must be set up for your user; if it is not, add it as Flathub’s
#    setup page for your distribution describes.
flatpak install --user --noninteractive flathub io.github.linx_systems.ClamUI
#    After: The Flatpak application io.github.linx_systems.ClamUI is installed.

# 14. Check that Kaspersky is gone
#    Scans the computer again, from scratch. The plan is complete only when
#    this scan finds nothing of what the steps above removed.
#    Run: avswitch verify
