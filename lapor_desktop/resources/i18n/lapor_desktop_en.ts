<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="id">
<context>
    <name>AttachmentsMixin</name>
    <message>
        <location filename="../../ui/intake_attachments.py" line="105" />
        <source>Pilih lampiran</source>
        <translation>Choose attachments</translation>
    </message>
    <message>
        <location filename="../../ui/intake_attachments.py" line="106" />
        <source>Foto dan dokumen (*.jpg *.jpeg *.png *.gif *.webp *.pdf *.doc *.docx *.xls *.xlsx *.odt *.ods);;Semua berkas (*)</source>
        <translation>Photos and documents (*.jpg *.jpeg *.png *.gif *.webp *.pdf *.doc *.docx *.xls *.xlsx *.odt *.ods);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../ui/intake_attachments.py" line="135" />
        <source>Menyalin lampiran %1…</source>
        <translation>Copying attachment %1…</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <location filename="../../ui/audit_page.py" line="25" />
        <location filename="../../ui/audit_page.py" line="28" />
        <source>Jejak audit</source>
        <translation>Audit trail</translation>
    </message>
    <message>
        <location filename="../../ui/audit_page.py" line="31" />
        <source>Semua tindakan</source>
        <translation>All actions</translation>
    </message>
    <message>
        <location filename="../../ui/audit_page.py" line="34" />
        <source>Sejak</source>
        <translation>Since</translation>
    </message>
    <message>
        <location filename="../../ui/audit_page.py" line="39" />
        <source>Tampilkan</source>
        <translation>Show</translation>
    </message>
    <message>
        <location filename="../../ui/audit_page.py" line="41" />
        <source>Tindakan</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../ui/audit_page.py" line="81" />
        <source>Rantai audit utuh</source>
        <translation>Audit chain intact</translation>
    </message>
    <message>
        <location filename="../../ui/audit_page.py" line="82" />
        <source>Rantai audit RUSAK mulai #%1</source>
        <translation>Audit chain BROKEN from #%1</translation>
    </message>
</context>
<context>
    <name>BarChart</name>
    <message>
        <location filename="../../ui/bundle_page.py" line="91" />
        <source>Belum ada data.</source>
        <translation>No data yet.</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="116" />
        <source>Semua laporan</source>
        <translation>All reports</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="119" />
        <source>Melewati batas waktu</source>
        <translation>Past the deadline</translation>
    </message>
</context>
<context>
    <name>BundlePage</name>
    <message>
        <location filename="../../ui/bundle_page.py" line="160" />
        <source>Kecamatan</source>
        <translation>District</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="160" />
        <source>Paket USB</source>
        <translation>USB bundles</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="164" />
        <source>Terima bundel laporan dari desa lewat flashdisk, kirim ke server pusat seperti biasa, lalu buat tanda terima untuk desa.</source>
        <translation>Receive report bundles from villages on a USB stick, send them to the central server as usual, then make a receipt for the village.</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="166" />
        <source>Bila tidak ada jaringan, bawa laporan ke kantor kecamatan dengan flashdisk. Identitas pelapor dienkripsi untuk kecamatan.</source>
        <translation>Without a network, take the reports to the district office on a USB stick. Complainants' identities are encrypted for the district.</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="197" />
        <source>Kunci kecamatan</source>
        <translation>District key</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="210" />
        <source>Simpan berkas kunci…</source>
        <translation>Save key file…</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="213" />
        <source>Impor berkas kunci kecamatan…</source>
        <translation>Import district key file…</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="224" />
        <source>Kirim lewat flashdisk</source>
        <translation>Send on a USB stick</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="229" />
        <source>Buat bundel untuk kecamatan…</source>
        <translation>Make a bundle for the district…</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="232" />
        <source>Impor tanda terima kecamatan…</source>
        <translation>Import district receipt…</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="241" />
        <source>Bundel dari desa</source>
        <translation>Bundles from villages</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="244" />
        <source>Impor bundel desa…</source>
        <translation>Import village bundle…</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="251" />
        <source>Tanda terima untuk desa:</source>
        <translation>Receipt for village:</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="255" />
        <source>Buat tanda terima…</source>
        <translation>Make receipt…</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="262" />
        <source>Rekap per desa</source>
        <translation>Summary by village</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="266" />
        <location filename="../../ui/bundle_page.py" line="274" />
        <source>Desa</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="266" />
        <source>Jumlah</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="266" />
        <source>Terlambat</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="266" />
        <source>Per status</source>
        <translation>By status</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="271" />
        <source>Melewati batas waktu (hari kerja)</source>
        <translation>Past the deadline (working days)</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="274" />
        <source>Nomor</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="274" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="274" />
        <source>Batas</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="275" />
        <source>Terlambat (hari kerja)</source>
        <translation>Overdue (working days)</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="279" />
        <source>Muat ulang</source>
        <translation>Reload</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="281" />
        <source>Ekspor CSV…</source>
        <translation>Export CSV…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/bundle_page.py" line="312" />
        <source>%n laporan final belum diterima kecamatan.</source>
        <translation>
            <numerusform>%n final report not yet received by the district.</numerusform>
            <numerusform>%n final reports not yet received by the district.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="329" />
        <source>Kecamatan %1. Sidik jari kunci: %2
Desa memindai kode QR ini atau mengimpor berkas kuncinya, lalu mencocokkan sidik jari.</source>
        <translation>District %1. Key fingerprint: %2
Villages scan this QR code or import the key file, then compare the fingerprint.</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="336" />
        <source>Kunci kecamatan belum diimpor. Minta berkas kunci dari kantor kecamatan %1.</source>
        <translation>The district key has not been imported. Ask the %1 district office for the key file.</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="340" />
        <source>Kunci kecamatan %1 terpasang. Sidik jari: %2</source>
        <translation>District key %1 installed. Fingerprint: %2</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="376" />
        <source>Semua berkas (*)</source>
        <translation>All files (*)</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="389" />
        <source>Simpan berkas kunci kecamatan</source>
        <translation>Save the district key file</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="398" />
        <source>Berkas kunci disimpan: %1. Sidik jari: %2</source>
        <translation>Key file saved: %1. Fingerprint: %2</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="402" />
        <source>Pilih berkas kunci kecamatan</source>
        <translation>Choose the district key file</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="411" />
        <source>Cocokkan sidik jari</source>
        <translation>Compare the fingerprint</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="412" />
        <source>Kunci kecamatan %1 (%2).

Sidik jari:
%3

Apakah sidik jari ini sama dengan yang dibacakan petugas kecamatan?</source>
        <translation>District key %1 (%2).

Fingerprint:
%3

Is this the same fingerprint the district officer read out?</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="418" />
        <source>Kunci tidak diimpor.</source>
        <translation>The key was not imported.</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="421" />
        <source>Kunci kecamatan %1 diimpor. Sidik jari: %2</source>
        <translation>District key %1 imported. Fingerprint: %2</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="428" />
        <source>Simpan bundel ke flashdisk</source>
        <translation>Save the bundle to a USB stick</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="434" />
        <source>Bundel disimpan: %1 laporan, %2 lampiran di %3.</source>
        <translation>Bundle saved: %1 reports, %2 attachments in %3.</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="445" />
        <source>Pilih bundel desa</source>
        <translation>Choose a village bundle</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="446" />
        <source>Pilih tanda terima kecamatan</source>
        <translation>Choose a district receipt</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="170" />
        <source>Perangkat %1 dari desa %2 (%3)</source>
        <translation>Device %1 of village %2 (%3)</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="175" />
        <source>PERINGATAN: %1 sebelumnya memakai kunci lain:
%2

Bundel ini bertanda tangan kunci baru. Bisa jadi laptop desa diganti atau diinstal ulang, bisa jadi bundel palsu.</source>
        <translation>WARNING: %1 used another key before:
%2

This bundle is signed with a new key. The village laptop may have been replaced or reinstalled, or the bundle may be forged.</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="181" />
        <source>%1 belum dikenal kecamatan ini.</source>
        <translation>%1 is not known to this kecamatan.</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="183" />
        <source>Sidik jari kunci perangkat:
%1

Telepon operator desa dan minta dibacakan sidik jari di Pengaturan laptop desa. Percayai perangkat ini hanya bila semuanya sama.</source>
        <translation>Device key fingerprint:
%1

Phone the village operator and ask them to read out the fingerprint shown in Settings on the village laptop. Trust this device only if all of it matches.</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="472" />
        <source>Kunci perangkat desa berubah</source>
        <translation>Village device key changed</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="473" />
        <source>Perangkat desa baru</source>
        <translation>New village device</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="481" />
        <source>Perangkat dicatat sebagai tepercaya (sidik jari %1).</source>
        <translation>Device recorded as trusted (fingerprint %1).</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="458" />
        <source>Bundel tidak diimpor: perangkat tidak dipercaya.</source>
        <translation>Bundle not imported: the device is not trusted.</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="477" />
        <source>Diimpor %1 laporan baru (%2 lampiran); %3 sudah ada sebelumnya. Laporan masuk antrean kirim.</source>
        <translation>Imported %1 new reports (%2 attachments); %3 were already here. The reports are queued for sending.</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="488" />
        <source>Tanda terima: %1 laporan diterima kecamatan, %2 kini terkirim.</source>
        <translation>Receipt: %1 reports received by the district, %2 now sent.</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="494" />
        <source>Pilih desa.</source>
        <translation>Choose a village.</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="496" />
        <source>Simpan tanda terima</source>
        <translation>Save receipt</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="502" />
        <source>Tanda terima untuk %1 disimpan: %2 laporan, %3 dengan nomor pelacakan.</source>
        <translation>Receipt for %1 saved: %2 reports, %3 with a tracking number.</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="507" />
        <source>Ekspor rekap CSV</source>
        <translation>Export summary as CSV</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="516" />
        <source>%1 laporan diekspor ke %2 (tanpa identitas pelapor).</source>
        <translation>%1 reports exported to %2 (without complainants' identities).</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="533" />
        <source>Sedang bekerja…</source>
        <translation>Working…</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <location filename="../../ui/trust_dialogs.py" line="90" />
        <source>Ganti kata sandi</source>
        <translation>Change password</translation>
    </message>
    <message>
        <location filename="../../ui/trust_dialogs.py" line="91" />
        <source>Paling sedikit 10 karakter dan sulit ditebak: gabungkan beberapa kata yang tidak berhubungan, mis. kopi-hujan-jembatan-7.</source>
        <translation>At least 10 characters and hard to guess: combine a few unrelated words, e.g. coffee-rain-bridge-7.</translation>
    </message>
    <message>
        <location filename="../../ui/trust_dialogs.py" line="98" />
        <source>Kata sandi saat ini</source>
        <translation>Current password</translation>
    </message>
    <message>
        <location filename="../../ui/trust_dialogs.py" line="99" />
        <source>Kata sandi baru</source>
        <translation>New password</translation>
    </message>
    <message>
        <location filename="../../ui/trust_dialogs.py" line="100" />
        <source>Ulangi kata sandi baru</source>
        <translation>Repeat new password</translation>
    </message>
    <message>
        <location filename="../../ui/trust_dialogs.py" line="104" />
        <source>Simpan kata sandi</source>
        <translation>Save password</translation>
    </message>
    <message>
        <location filename="../../ui/trust_dialogs.py" line="113" />
        <source>Kedua kata sandi baru tidak sama.</source>
        <translation>The two new passwords differ.</translation>
    </message>
</context>
<context>
    <name>Crash</name>
    <message>
        <location filename="../../ui/app.py" line="47" />
        <source>Terjadi kesalahan yang tidak terduga. Data yang sudah disimpan tetap aman. Simpan pekerjaan Anda dan mulai ulang aplikasi bila ada yang tidak berjalan.</source>
        <translation>An unexpected error occurred. Data already saved is safe. Save your work and restart the application if something does not work.</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="51" />
        <source>Rincian untuk petugas dukungan tercatat di: %1</source>
        <translation>Details for support staff were written to: %1</translation>
    </message>
</context>
<context>
    <name>DeviceBox</name>
    <message>
        <location filename="../../ui/device_box.py" line="29" />
        <source>Belum pernah ada cadangan. Tulis cadangan ke flashdisk (Pengaturan).</source>
        <translation>No backup yet. Write a backup to a USB stick (Settings).</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="31" />
        <source>Cadangan terakhir %1: sudah lebih dari seminggu. Tulis cadangan baru ke flashdisk (Pengaturan).</source>
        <translation>Last backup %1: more than a week ago. Write a new backup to a USB stick (Settings).</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="40" />
        <source>Perangkat dan cadangan</source>
        <translation>Device and backup</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="54" />
        <source>Kode perangkat</source>
        <translation>Device code</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="55" />
        <source>Sidik jari kunci</source>
        <translation>Key fingerprint</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="56" />
        <source>Bacakan sidik jari ini kepada kecamatan saat bundel pertama dari laptop ini diimpor.</source>
        <translation>Read this fingerprint to the kecamatan when the first bundle from this laptop is imported.</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="61" />
        <source>Simpan juga foto asli di laptop ini (tidak dikirim)</source>
        <translation>Also keep original photos on this laptop (not sent)</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="67" />
        <source> hari</source>
        <translation> days</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="70" />
        <source>Desa dianggap senyap setelah</source>
        <translation>Village counts as silent after</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="73" />
        <source>Cadangan</source>
        <translation>Backup</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="75" />
        <source>Tulis cadangan…</source>
        <translation>Write backup…</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="77" />
        <source>Pulihkan ke folder lain…</source>
        <translation>Restore to another folder…</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="96" />
        <source>Terakhir ditulis %1.</source>
        <translation>Last written %1.</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="98" />
        <source>Belum pernah ditulis.</source>
        <translation>Never written.</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="101" />
        <source>Tulis cadangan ke flashdisk setiap minggu.</source>
        <translation>Write a backup to a USB stick every week.</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="107" />
        <source>Simpan cadangan</source>
        <translation>Save backup</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="120" />
        <source>Cadangan ditulis: %1 laporan, %2 lampiran. Simpan flashdisk terpisah dari laptop.</source>
        <translation>Backup written: %1 reports, %2 attachments. Keep the USB stick away from the laptop.</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="128" />
        <source>Pilih berkas cadangan</source>
        <translation>Choose a backup file</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="129" />
        <source>Pilih folder data kosong</source>
        <translation>Choose an empty data folder</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="132" />
        <source>Kata sandi salah satu operator di cadangan:</source>
        <translation>Password of any operator in the backup:</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="144" />
        <source>Dipulihkan: %1 laporan. Buka LAPOR Desktop dengan folder data %2 (lapor-desktop --data-dir FOLDER).</source>
        <translation>Restored: %1 reports. Open LAPOR Desktop with data folder %2 (lapor-desktop --data-dir FOLDER).</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="150" />
        <source>Cadangan LAPOR (*.lapor-cadangan);;Semua berkas (*)</source>
        <translation>LAPOR backup (*.lapor-cadangan);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="161" />
        <source>Pulihkan cadangan</source>
        <translation>Restore backup</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../../ui/login.py" line="38" />
        <source>LAPOR Desktop — Persiapan pertama</source>
        <translation>LAPOR Desktop — First-time setup</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="44" />
        <source>Selamat datang di LAPOR Desktop</source>
        <translation>Welcome to LAPOR Desktop</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="46" />
        <source>Aplikasi ini mencatat pengaduan warga yang datang ke kantor desa, mencetak tanda terima, dan mengirimkannya ke SP4N-LAPOR! saat ada jaringan. Isi tiga hal di bawah ini sekali saja.</source>
        <translation>This app records complaints from citizens who come to the village office, prints a receipt, and sends them to SP4N-LAPOR! when a network is available. Fill in the three items below once.</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="54" />
        <source>Ketik nama desa, mis. Tertung</source>
        <translation>Type the village name, e.g. Tertung</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="55" />
        <source>1. Desa atau kecamatan kantor ini</source>
        <translation>1. This office's village or district</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="56" />
        <source>Dari daftar wilayah Kemendagri.</source>
        <translation>From the Ministry of Home Affairs region list.</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="59" />
        <source>2. Operator pertama (admin)</source>
        <translation>2. First operator (admin)</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="62" />
        <source>mis. Budi Santoso</source>
        <translation>e.g. Budi Santoso</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="64" />
        <source>mis. budi</source>
        <translation>e.g. budi</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="67" />
        <source>Nama lengkap</source>
        <translation>Full name</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="68" />
        <source>Nama pengguna</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="69" />
        <source>Kata sandi (min. 10 karakter, sulit ditebak)</source>
        <translation>Password (at least 10 characters, hard to guess)</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="70" />
        <source>Ulangi kata sandi</source>
        <translation>Repeat password</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="75" />
        <source>3. Alamat server pusat (boleh dikosongkan)</source>
        <translation>3. Central server address (optional)</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="77" />
        <source>Dapat diisi nanti di Pengaturan.</source>
        <translation>Can be set later in Settings.</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="80" />
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="80" />
        <source>Siapkan aplikasi</source>
        <translation>Set up</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="90" />
        <source>Kedua kata sandi tidak sama.</source>
        <translation>The two passwords differ.</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <location filename="../../ui/help_dialog.py" line="11" />
        <source>Bantuan</source>
        <translation>Help</translation>
    </message>
    <message>
        <location filename="../../ui/help_dialog.py" line="28" />
        <source>Mencatat laporan</source>
        <translation>Recording a report</translation>
    </message>
    <message>
        <location filename="../../ui/help_dialog.py" line="29" />
        <source>Buka &lt;b&gt;Laporan Baru&lt;/b&gt; (Ctrl+1), isi data pelapor dan isi laporan, lalu tekan &lt;b&gt;Simpan &amp;amp; Cetak Tanda Terima&lt;/b&gt; (Ctrl+S). Draf tersimpan otomatis; tidak ada yang hilang bila listrik padam.</source>
        <translation>Open &lt;b&gt;New Report&lt;/b&gt; (Ctrl+1), fill in the reporter and the report, then press &lt;b&gt;Save &amp;amp; Print Receipt&lt;/b&gt; (Ctrl+S). Drafts save themselves; nothing is lost in a power cut.</translation>
    </message>
    <message>
        <location filename="../../ui/help_dialog.py" line="32" />
        <source>Tanda terima</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <location filename="../../ui/help_dialog.py" line="33" />
        <source>Berikan lembar untuk pelapor; lembar arsip disimpan kantor. Tanpa printer, pilih &lt;b&gt;Simpan PDF&lt;/b&gt; dan cetak nanti. Nomor laporan dan kode QR dipakai untuk menanyakan perkembangan.</source>
        <translation>Give the reporter's copy to the citizen; the office keeps its copy. Without a printer, choose &lt;b&gt;Save PDF&lt;/b&gt; and print later. The report number and QR code are used to ask about progress.</translation>
    </message>
    <message>
        <location filename="../../ui/help_dialog.py" line="36" />
        <source>Pengiriman</source>
        <translation>Sending</translation>
    </message>
    <message>
        <location filename="../../ui/help_dialog.py" line="37" />
        <source>Laporan final dikirim otomatis ke server pusat saat ada jaringan. Halaman &lt;b&gt;Sinkronisasi&lt;/b&gt; (Ctrl+3) menunjukkan keadaan dan tombol &lt;b&gt;Kirim sekarang&lt;/b&gt;. Tanpa internet, bawa &lt;b&gt;Paket USB&lt;/b&gt; (Ctrl+4) ke kecamatan.</source>
        <translation>Final reports are sent to the central server automatically when there is a network. The &lt;b&gt;Sync&lt;/b&gt; page (Ctrl+3) shows the state and a &lt;b&gt;Send now&lt;/b&gt; button. Without internet, take a &lt;b&gt;USB bundle&lt;/b&gt; (Ctrl+4) to the district.</translation>
    </message>
    <message>
        <location filename="../../ui/help_dialog.py" line="41" />
        <source>Mencari laporan</source>
        <translation>Finding a report</translation>
    </message>
    <message>
        <location filename="../../ui/help_dialog.py" line="42" />
        <source>&lt;b&gt;Daftar Laporan&lt;/b&gt; (Ctrl+2): ketik nomor, judul atau kata dari isi laporan. Baris tebal berarti ada status baru dari LAPOR!.</source>
        <translation>&lt;b&gt;Reports&lt;/b&gt; (Ctrl+2): type a number, a title or words from the report. Bold rows have a new status from LAPOR!.</translation>
    </message>
    <message>
        <location filename="../../ui/help_dialog.py" line="44" />
        <source>Tenggat</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../ui/help_dialog.py" line="45" />
        <source>Tenggat dihitung dalam hari kerja (tanpa Sabtu, Minggu, libur nasional dan cuti bersama). Tanda ≈ atau &lt;i&gt;perkiraan&lt;/i&gt; berarti cuti bersama tahun itu belum diketahui.</source>
        <translation>Deadlines count working days (no Saturdays, Sundays, national holidays or collective leave). ≈ or &lt;i&gt;estimate&lt;/i&gt; means that year's collective leave days are not known yet.</translation>
    </message>
    <message>
        <location filename="../../ui/help_dialog.py" line="48" />
        <source>Selesai bertugas</source>
        <translation>End of shift</translation>
    </message>
    <message>
        <location filename="../../ui/help_dialog.py" line="49" />
        <source>Menu &lt;b&gt;Berkas → Keluar / ganti operator&lt;/b&gt; (Ctrl+L) agar operator lain dapat masuk; &lt;b&gt;Tutup aplikasi&lt;/b&gt; (Ctrl+Q) menunggu pengiriman berhenti dengan aman.</source>
        <translation>Menu &lt;b&gt;File → Log out / switch operator&lt;/b&gt; (Ctrl+L) so another operator can log in; &lt;b&gt;Quit&lt;/b&gt; (Ctrl+Q) waits for a sync to stop safely.</translation>
    </message>
</context>
<context>
    <name>IntakeForm</name>
    <message>
        <location filename="../../ui/intake_form.py" line="192" />
        <source>Draf dipulihkan</source>
        <translation>Draft restored</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="207" />
        <source>Menyimpan draf…</source>
        <translation>Saving draft…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/intake_form.py" line="249" />
        <source>Masih ada %n isian yang perlu diperbaiki.</source>
        <translation>
            <numerusform>%n field still needs fixing.</numerusform>
            <numerusform>%n fields still need fixing.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="272" />
        <source>Draf belum tersimpan (basis data sibuk); dicoba lagi…</source>
        <translation>Draft not saved yet (database busy); trying again…</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="276" />
        <source>Draf tersimpan pukul %1</source>
        <translation>Draft saved at %1</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="290" />
        <source>Tunggu sampai lampiran selesai disalin.</source>
        <translation>Wait until the attachments are copied.</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="341" />
        <source>Laporan &lt;b&gt;%1&lt;/b&gt; tersimpan dan menunggu dikirim. Tanda terima: &lt;a href="print"&gt;cetak&lt;/a&gt; · &lt;a href="save"&gt;simpan PDF&lt;/a&gt; · &lt;a href="open"&gt;lihat&lt;/a&gt;</source>
        <translation>Report &lt;b&gt;%1&lt;/b&gt; saved and waiting to be sent. Receipt: &lt;a href="print"&gt;print&lt;/a&gt; · &lt;a href="save"&gt;save PDF&lt;/a&gt; · &lt;a href="open"&gt;view&lt;/a&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="330" />
        <source>Laporan &lt;b&gt;%1&lt;/b&gt; tersimpan dan menunggu dikirim, tetapi tanda terima gagal disimpan (%2). Periksa ruang disk, lalu buka laporan di Daftar Laporan dan pilih "Cetak ulang tanda terima".</source>
        <translation>Report &lt;b&gt;%1&lt;/b&gt; is saved and waiting to be sent, but its receipt could not be saved (%2). Check the free disk space, then open the report in Reports and choose "Reprint receipt".</translation>
    </message>
</context>
<context>
    <name>IntakeLayout</name>
    <message>
        <location filename="../../ui/intake_layout.py" line="35" />
        <source>Laporan Baru</source>
        <translation>New Report</translation>
    </message>
    <message>
        <location filename="../../ui/intake_layout.py" line="81" />
        <source>Jenis laporan</source>
        <translation>Type of report</translation>
    </message>
    <message>
        <location filename="../../ui/intake_layout.py" line="89" />
        <source>Klasifikasi</source>
        <translation>Classification</translation>
    </message>
    <message>
        <location filename="../../ui/intake_layout.py" line="90" />
        <source>Saluran</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../../ui/intake_layout.py" line="96" />
        <source>Identitas pelapor</source>
        <translation>Reporter's identity</translation>
    </message>
    <message>
        <location filename="../../ui/intake_layout.py" line="101" />
        <source>16 digit, boleh dikosongkan</source>
        <translation>16 digits, optional</translation>
    </message>
    <message>
        <location filename="../../ui/intake_layout.py" line="107" />
        <source>Nama lengkap *</source>
        <translation>Full name *</translation>
    </message>
    <message>
        <location filename="../../ui/intake_layout.py" line="109" />
        <source>Nomor HP/telepon *</source>
        <translation>Mobile/phone number *</translation>
    </message>
    <message>
        <location filename="../../ui/intake_layout.py" line="110" />
        <source>Petugas LAPOR! akan menelepon nomor ini.</source>
        <translation>LAPOR! staff will call this number.</translation>
    </message>
    <message>
        <location filename="../../ui/intake_layout.py" line="111" />
        <source>NIK</source>
        <translation>NIK (ID number)</translation>
    </message>
    <message>
        <location filename="../../ui/intake_layout.py" line="114" />
        <source>Email</source>
        <translation>Email</translation>
    </message>
    <message>
        <location filename="../../ui/intake_layout.py" line="115" />
        <source>Alamat</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../ui/intake_layout.py" line="119" />
        <source>Kerahasiaan *</source>
        <translation>Privacy *</translation>
    </message>
    <message>
        <location filename="../../ui/intake_layout.py" line="136" />
        <source>Tanyakan kepada pelapor, jangan ditebak.</source>
        <translation>Ask the reporter; do not guess.</translation>
    </message>
    <message>
        <location filename="../../ui/intake_layout.py" line="142" />
        <source>Isi laporan</source>
        <translation>Report</translation>
    </message>
    <message>
        <location filename="../../ui/intake_layout.py" line="145" />
        <source>Ringkas, mis. Jalan desa berlubang di Dusun I</source>
        <translation>Short, e.g. Potholes on the village road in Dusun I</translation>
    </message>
    <message>
        <location filename="../../ui/intake_layout.py" line="148" />
        <source>Apa yang terjadi, sejak kapan, siapa yang terdampak, apa yang diharapkan.</source>
        <translation>What happened, since when, who is affected, what is expected.</translation>
    </message>
    <message>
        <location filename="../../ui/intake_layout.py" line="152" />
        <source>Judul *</source>
        <translation>Title *</translation>
    </message>
    <message>
        <location filename="../../ui/intake_layout.py" line="153" />
        <source>Isi laporan * (min. 20 karakter)</source>
        <translation>Description * (at least 20 characters)</translation>
    </message>
    <message>
        <location filename="../../ui/intake_layout.py" line="157" />
        <source>Tanggal kejadian *</source>
        <translation>Date of incident *</translation>
    </message>
    <message>
        <location filename="../../ui/intake_layout.py" line="159" />
        <source>Ketik nama desa</source>
        <translation>Type the village name</translation>
    </message>
    <message>
        <location filename="../../ui/intake_layout.py" line="160" />
        <source>Desa/kelurahan lokasi *</source>
        <translation>Village of the incident *</translation>
    </message>
    <message>
        <location filename="../../ui/intake_layout.py" line="165" />
        <source>Dusun, RT/RW, jalan, patokan</source>
        <translation>Hamlet, RT/RW, street, landmark</translation>
    </message>
    <message>
        <location filename="../../ui/intake_layout.py" line="166" />
        <source>Detail lokasi</source>
        <translation>Location details</translation>
    </message>
    <message>
        <location filename="../../ui/intake_layout.py" line="170" />
        <source>— Pilih kategori —</source>
        <translation>— Choose a category —</translation>
    </message>
    <message>
        <location filename="../../ui/intake_layout.py" line="175" />
        <source>— Otomatis sesuai kategori —</source>
        <translation>— Automatic from category —</translation>
    </message>
    <message>
        <location filename="../../ui/intake_layout.py" line="184" />
        <source>Kategori *</source>
        <translation>Category *</translation>
    </message>
    <message>
        <location filename="../../ui/intake_layout.py" line="185" />
        <source>Instansi tujuan</source>
        <translation>Target agency</translation>
    </message>
    <message>
        <location filename="../../ui/intake_layout.py" line="186" />
        <source>Disarankan sesuai kategori; boleh diganti.</source>
        <translation>Suggested from the category; may be changed.</translation>
    </message>
    <message>
        <location filename="../../ui/intake_layout.py" line="189" />
        <source>Lampiran</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <location filename="../../ui/intake_layout.py" line="191" />
        <source>Tambah berkas…</source>
        <translation>Add file…</translation>
    </message>
    <message>
        <location filename="../../ui/intake_layout.py" line="192" />
        <source>Hapus lampiran</source>
        <translation>Remove attachment</translation>
    </message>
    <message>
        <location filename="../../ui/intake_layout.py" line="195" />
        <source>atau seret foto/dokumen ke sini</source>
        <translation>or drag photos/documents here</translation>
    </message>
    <message>
        <location filename="../../ui/intake_layout.py" line="222" />
        <source>Laporan baru (Ctrl+N)</source>
        <translation>New report (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../ui/intake_layout.py" line="223" />
        <source>Hapus draf</source>
        <translation>Delete draft</translation>
    </message>
    <message>
        <location filename="../../ui/intake_layout.py" line="224" />
        <source>Simpan &amp;&amp; Cetak Tanda Terima (Ctrl+S)</source>
        <translation>Save &amp;&amp; Print Receipt (Ctrl+S)</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/login.py" line="110" />
        <source>LAPOR Desktop — Masuk</source>
        <translation>LAPOR Desktop — Log in</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="114" />
        <location filename="../../ui/login.py" line="130" />
        <source>Masuk</source>
        <translation>Log in</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="116" />
        <source>Kantor: %1</source>
        <translation>Office: %1</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="122" />
        <source>Nama pengguna</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="123" />
        <source>Kata sandi</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="130" />
        <source>Keluar</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="148" />
        <source>Periksa huruf besar/kecil lalu coba lagi.</source>
        <translation>Check upper/lower case and try again.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="76" />
        <source>LAPOR Desktop — %1</source>
        <translation>LAPOR Desktop — %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="85" />
        <source>Laporan Baru</source>
        <translation>New Report</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="85" />
        <source>Daftar Laporan</source>
        <translation>Reports</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="85" />
        <location filename="../../ui/main_window.py" line="104" />
        <source>Sinkronisasi</source>
        <translation>Synchronisation</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="86" />
        <source>Kecamatan</source>
        <translation>District</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="86" />
        <location filename="../../ui/main_window.py" line="192" />
        <source>Paket USB</source>
        <translation>USB bundles</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="87" />
        <source>Pengaturan</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="105" />
        <source>Pengiriman ke server pusat akan tampil di sini. Laporan tetap tersimpan dan antre sampai terkirim.</source>
        <translation>Sending to the central server will appear here. Reports stay saved and queued until sent.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="108" />
        <source>Pertukaran paket laporan lewat flashdisk (USB) akan tampil di sini.</source>
        <translation>Exchanging report bundles by USB stick will appear here.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="148" />
        <source>&amp;Berkas</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="149" />
        <source>Keluar / ganti operator</source>
        <translation>Log out / switch operator</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="152" />
        <source>Tutup aplikasi</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="159" />
        <source>Ba&amp;ntuan</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="160" />
        <source>Panduan singkat</source>
        <translation>Quick guide</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="173" />
        <source>Operator: %1 (%2)</source>
        <translation>Operator: %1 (%2)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="190" />
        <source>Kirim sekarang</source>
        <translation>Send now</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="204" />
        <source>Akun</source>
        <translation>Account</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="205" />
        <source>Ganti kata sandi…</source>
        <translation>Change password…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="207" />
        <source>Jejak audit…</source>
        <translation>Audit trail…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="304" />
        <source>Menunggu dikirim: %1 laporan</source>
        <translation>Waiting to be sent: %1 reports</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="307" />
        <location filename="../../ui/main_window.py" line="327" />
        <source>Sedang mengirim…</source>
        <translation>Sending…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="310" />
        <source>belum pernah</source>
        <translation>never</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="311" />
        <source>Terakhir berhasil: %1</source>
        <translation>Last successful: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="316" />
        <source>%1 laporan menunggu dikirim lebih dari %2 hari. Sambungkan komputer ke internet lalu tekan Kirim sekarang, atau bawa Paket USB ke kecamatan.</source>
        <translation>%1 reports have waited more than %2 days. Connect this computer to the internet and press Send now, or take a USB bundle to the district.</translation>
    </message>
</context>
<context>
    <name>ReportDetailPage</name>
    <message>
        <location filename="../../ui/report_detail.py" line="63" />
        <source>← Kembali (Esc)</source>
        <translation>← Back (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="83" />
        <source>Cetak ulang tanda terima</source>
        <translation>Reprint receipt</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="85" />
        <source>Buat koreksi</source>
        <translation>Make a correction</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="87" />
        <source>Lanjutkan draf</source>
        <translation>Continue draft</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="112" />
        <source>Peran Anda tidak berwenang melihat identitas pelapor.</source>
        <translation>Your role may not see the reporter's identity.</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="165" />
        <source>LAPOR!: %1</source>
        <translation>LAPOR!: %1</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="166" />
        <source>belum dikirim</source>
        <translation>not sent yet</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="172" />
        <source>Laporan</source>
        <translation>Report</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="174" />
        <source>Klasifikasi</source>
        <translation>Classification</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="175" />
        <source>Saluran</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="176" />
        <source>Judul</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="177" />
        <source>Isi</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="178" />
        <source>Tanggal kejadian</source>
        <translation>Date of incident</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="180" />
        <source>Lokasi</source>
        <translation>Location</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="181" />
        <source>Detail lokasi</source>
        <translation>Location details</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="182" />
        <source>Kategori</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="184" />
        <source>Instansi tujuan</source>
        <translation>Target agency</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="186" />
        <source>Dicatat</source>
        <translation>Recorded</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="187" />
        <source>Difinalkan</source>
        <translation>Finalised</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="188" />
        <source>Nomor LAPOR!</source>
        <translation>LAPOR! number</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="190" />
        <source>Mengoreksi</source>
        <translation>Corrects</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="192" />
        <source>Dikoreksi oleh</source>
        <translation>Corrected by</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="194" />
        <source>Catatan server</source>
        <translation>Server note</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="198" />
        <source>Identitas pelapor</source>
        <translation>Reporter's identity</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="202" />
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="203" />
        <source>NIK</source>
        <translation>NIK (ID number)</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="204" />
        <source>Telepon</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="205" />
        <source>Email</source>
        <translation>Email</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="206" />
        <source>Alamat</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="209" />
        <source>Identitas ditampilkan; tindakan ini tercatat di jejak audit.</source>
        <translation>Identity shown; this action is recorded in the audit trail.</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="211" />
        <source>Identitas disamarkan. Membuka identitas memerlukan alasan dan dicatat di jejak audit.</source>
        <translation>Identity masked. Revealing it needs a reason and is recorded in the audit trail.</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="219" />
        <source>Tampilkan identitas…</source>
        <translation>Show identity…</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="214" />
        <source>Identitas disamarkan. Peran Anda tidak berwenang membukanya.</source>
        <translation>Identity masked. Your role may not reveal it.</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="226" />
        <source>Tenggat (hari kerja)</source>
        <translation>Deadlines (working days)</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="231" />
        <source>Tenggat dihitung setelah laporan diterima LAPOR!.</source>
        <translation>Deadlines start once LAPOR! has received the report.</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="232" />
        <source>Tidak ada tenggat berjalan.</source>
        <translation>No deadline running.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/report_detail.py" line="236" />
        <source>%1: %2 — terlambat %n hari kerja</source>
        <translation>
            <numerusform>%1: %2 — %n working day late</numerusform>
            <numerusform>%1: %2 — %n working days late</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/report_detail.py" line="238" />
        <source>%1: %2 — %n hari kerja lagi</source>
        <translation>
            <numerusform>%1: %2 — %n working day left</numerusform>
            <numerusform>%1: %2 — %n working days left</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="246" />
        <source>Riwayat status</source>
        <translation>Status history</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="249" />
        <source>Belum ada kabar dari LAPOR!.</source>
        <translation>No news from LAPOR! yet.</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="264" />
        <source>Lampiran</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="277" />
        <source>Klik dua kali untuk membuka dengan aplikasi bawaan.</source>
        <translation>Double-click to open with the default application.</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="281" />
        <source>Tidak ada lampiran.</source>
        <translation>No attachments.</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="299" />
        <source>Tanda terima tidak dapat disimpan (%1). Periksa ruang disk dan folder data, lalu coba lagi.</source>
        <translation>The receipt could not be saved (%1). Check the free disk space and the data folder, then try again.</translation>
    </message>
</context>
<context>
    <name>ReportListPage</name>
    <message>
        <location filename="../../ui/report_list.py" line="64" />
        <source>Daftar Laporan</source>
        <translation>Reports</translation>
    </message>
    <message>
        <location filename="../../ui/report_list.py" line="68" />
        <source>Cari judul, isi, lokasi, atau nomor laporan (Ctrl+F)</source>
        <translation>Search title, text, location or report number (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../ui/report_list.py" line="71" />
        <source>Semua status</source>
        <translation>All states</translation>
    </message>
    <message>
        <location filename="../../ui/report_list.py" line="75" />
        <source>Semua klasifikasi</source>
        <translation>All classifications</translation>
    </message>
    <message>
        <location filename="../../ui/report_list.py" line="111" />
        <source>Enter atau klik dua kali untuk membuka laporan. Baris tebal berarti status dari LAPOR! berubah sejak terakhir dilihat.</source>
        <translation>Press Enter or double-click to open a report. Bold rows mean the LAPOR! status changed since last viewed.</translation>
    </message>
    <message>
        <location filename="../../ui/report_list.py" line="143" />
        <source>%1 laporan</source>
        <translation>%1 reports</translation>
    </message>
    <message>
        <location filename="../../ui/report_list.py" line="147" />
        <source>lebih dari %1 laporan</source>
        <translation>more than %1 reports</translation>
    </message>
</context>
<context>
    <name>ReportTableModel</name>
    <message>
        <location filename="../../ui/report_model.py" line="72" />
        <source>Nomor</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../../ui/report_model.py" line="72" />
        <source>Tanggal</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../ui/report_model.py" line="72" />
        <source>Judul</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/report_model.py" line="73" />
        <source>Klasifikasi</source>
        <translation>Classification</translation>
    </message>
    <message>
        <location filename="../../ui/report_model.py" line="73" />
        <source>Status lokal</source>
        <translation>Local state</translation>
    </message>
    <message>
        <location filename="../../ui/report_model.py" line="74" />
        <source>Status LAPOR!</source>
        <translation>LAPOR! status</translation>
    </message>
    <message>
        <location filename="../../ui/report_model.py" line="74" />
        <source>Tenggat</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../ui/report_model.py" line="151" />
        <source>(draf)</source>
        <translation>(draft)</translation>
    </message>
    <message>
        <location filename="../../ui/report_model.py" line="155" />
        <source>(tanpa judul)</source>
        <translation>(untitled)</translation>
    </message>
    <message>
        <location filename="../../ui/report_model.py" line="163" />
        <location filename="../../ui/report_model.py" line="195" />
        <source>Belum ada</source>
        <translation>None yet</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/report_model.py" line="171" />
        <source>%n hari kerja lagi</source>
        <translation>
            <numerusform>%n working day left</numerusform>
            <numerusform>%n working days left</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/report_model.py" line="191" />
        <source> (perkiraan: cuti bersama tahun itu belum diketahui)</source>
        <translation> (estimate: that year's collective leave days are not known yet)</translation>
    </message>
    <message>
        <location filename="../../ui/report_model.py" line="194" />
        <source>Status baru dari LAPOR!, belum dilihat: %1</source>
        <translation>New status from LAPOR!, not yet seen: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/report_model.py" line="169" />
        <source>Lewat %n hari kerja</source>
        <translation>
            <numerusform>%n working day overdue</numerusform>
            <numerusform>%n working days overdue</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RevealDialog</name>
    <message>
        <location filename="../../ui/trust_dialogs.py" line="47" />
        <source>Buka identitas pelapor</source>
        <translation>Reveal complainant identity</translation>
    </message>
    <message>
        <location filename="../../ui/trust_dialogs.py" line="48" />
        <source>Mengapa identitas dibuka?</source>
        <translation>Why is the identity being revealed?</translation>
    </message>
    <message>
        <location filename="../../ui/trust_dialogs.py" line="49" />
        <source>Identitas pelapor dilindungi. Alasan Anda dicatat di jejak audit bersama nama pengguna dan waktunya.</source>
        <translation>The complainant's identity is protected. Your reason is recorded in the audit trail with your user name and the time.</translation>
    </message>
    <message>
        <location filename="../../ui/trust_dialogs.py" line="53" />
        <source>— pilih alasan —</source>
        <translation>— choose a reason —</translation>
    </message>
    <message>
        <location filename="../../ui/trust_dialogs.py" line="59" />
        <source>Keterangan (wajib untuk alasan lain)</source>
        <translation>Note (required for other reasons)</translation>
    </message>
    <message>
        <location filename="../../ui/trust_dialogs.py" line="60" />
        <source>Alasan</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../ui/trust_dialogs.py" line="61" />
        <source>Keterangan</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../ui/trust_dialogs.py" line="65" />
        <source>Buka identitas</source>
        <translation>Reveal identity</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../ui/settings_page.py" line="29" />
        <source>Pengaturan</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="33" />
        <source>Umum</source>
        <translation>General</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="37" />
        <source>mis. Kantor Desa Tertung</source>
        <translation>e.g. Tertung Village Office</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="39" />
        <source>mis. Jl. Desa No. 1, telp. 0812xxxxxxx</source>
        <translation>e.g. Jl. Desa No. 1, tel. 0812xxxxxxx</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="43" />
        <source> hari</source>
        <translation> days</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="55" />
        <source>Nama kantor (di tanda terima)</source>
        <translation>Office name (on receipts)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="56" />
        <source>Kontak kantor (di tanda terima)</source>
        <translation>Office contact (on receipts)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="57" />
        <source>Alamat server pusat</source>
        <translation>Central server address</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="58" />
        <source>Peringatkan bila laporan menunggu lebih dari</source>
        <translation>Warn when reports wait longer than</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="59" />
        <source>Bahasa</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="60" />
        <source>Batas ukuran lampiran</source>
        <translation>Attachment size limit</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="63" />
        <source>Simpan pengaturan</source>
        <translation>Save settings</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="74" />
        <source>Operator</source>
        <translation>Operator</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="77" />
        <location filename="../../ui/settings_page.py" line="95" />
        <source>Nama pengguna</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="77" />
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="78" />
        <location filename="../../ui/settings_page.py" line="97" />
        <source>Peran</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="78" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="85" />
        <source>Aktifkan / nonaktifkan</source>
        <translation>Enable / disable</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="96" />
        <source>Nama lengkap</source>
        <translation>Full name</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="98" />
        <source>Kata sandi awal</source>
        <translation>Initial password</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="100" />
        <source>Tambah operator</source>
        <translation>Add operator</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="108" />
        <source>Pengelolaan operator hanya untuk admin.</source>
        <translation>Only admins manage operators.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="116" />
        <source>Alamat server harus diawali https:// (atau http:// untuk uji coba).</source>
        <translation>The server address must start with https:// (or http:// for testing).</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="137" />
        <source>Pengaturan tersimpan.</source>
        <translation>Settings saved.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="147" />
        <source>Aktif</source>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="147" />
        <source>Nonaktif</source>
        <translation>Disabled</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="162" />
        <source>Operator ditambahkan.</source>
        <translation>Operator added.</translation>
    </message>
</context>
<context>
    <name>SilentVillagesBox</name>
    <message>
        <location filename="../../ui/silent_villages.py" line="25" />
        <source>Desa senyap</source>
        <translation>Silent villages</translation>
    </message>
    <message>
        <location filename="../../ui/silent_villages.py" line="33" />
        <source>Desa</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../ui/silent_villages.py" line="33" />
        <source>Laporan terakhir</source>
        <translation>Last report</translation>
    </message>
    <message>
        <location filename="../../ui/silent_villages.py" line="33" />
        <source>Bundel terakhir</source>
        <translation>Last bundle</translation>
    </message>
    <message>
        <location filename="../../ui/silent_villages.py" line="34" />
        <source>Diterima pusat terakhir</source>
        <translation>Last received by central</translation>
    </message>
    <message>
        <location filename="../../ui/silent_villages.py" line="34" />
        <source>Keterangan</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../ui/silent_villages.py" line="47" />
        <source>%1 dari %2 desa tanpa bundel atau kiriman lebih dari %3 hari (ubah di Pengaturan).</source>
        <translation>%1 of %2 villages without a bundle or delivery for more than %3 days (change in Settings).</translation>
    </message>
    <message>
        <location filename="../../ui/silent_villages.py" line="53" />
        <source>belum pernah mengirim</source>
        <translation>never sent</translation>
    </message>
    <message>
        <location filename="../../ui/silent_villages.py" line="55" />
        <source>senyap %1 hari</source>
        <translation>silent %1 days</translation>
    </message>
    <message>
        <location filename="../../ui/silent_villages.py" line="57" />
        <source>aktif</source>
        <translation>active</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../ui/sync_page.py" line="140" />
        <source>Kirim sekarang</source>
        <translation>Send now</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="187" />
        <source>Menunggu dikirim:</source>
        <translation>Waiting to be sent:</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="188" />
        <source>Terkirim:</source>
        <translation>Sent:</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="189" />
        <source>Perlu perbaikan:</source>
        <translation>Needs correction:</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="198" />
        <location filename="../../ui/sync_page.py" line="335" />
        <source>Daftarkan perangkat</source>
        <translation>Register device</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="203" />
        <source>Alamat server</source>
        <translation>Server address</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="204" />
        <source>Kode pendaftaran</source>
        <translation>Registration code</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="210" />
        <source>Pendaftaran perangkat</source>
        <translation>Device registration</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="163" />
        <source>Sinkronisasi</source>
        <translation>Synchronisation</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="144" />
        <source>Terkirim %v dari %m laporan</source>
        <translation>Sent %v of %m reports</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="146" />
        <source>Lampiran terkirim %p%</source>
        <translation>Attachments sent %p%</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="165" />
        <source>Laporan final dikirim otomatis ke server pusat LAPOR! saat ada jaringan. Bila gagal, laporan tetap tersimpan dan dicoba lagi otomatis.</source>
        <translation>Final reports are sent automatically to the LAPOR! central server when there is a network. If that fails, reports stay saved and are retried automatically.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="190" />
        <source>Terakhir berhasil:</source>
        <translation>Last successful:</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="191" />
        <source>Terakhir dicoba:</source>
        <translation>Last attempt:</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="225" />
        <location filename="../../ui/sync_page.py" line="227" />
        <source>belum pernah</source>
        <translation>never</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/sync_page.py" line="277" />
        <source>Berhasil: %n laporan terkirim.</source>
        <translation>
            <numerusform>Done: %n report sent.</numerusform>
            <numerusform>Done: %n reports sent.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="279" />
        <source>Berhasil tersambung ke server pusat; tidak ada laporan baru untuk dikirim.</source>
        <translation>Connected to the central server; no new reports to send.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/sync_page.py" line="282" />
        <source>%n laporan terkirim sebelum pengiriman berhenti.</source>
        <translation>
            <numerusform>%n report was sent before the sync stopped.</numerusform>
            <numerusform>%n reports were sent before the sync stopped.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="285" />
        <source>Tidak ada laporan yang terkirim.</source>
        <translation>No report was sent.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/sync_page.py" line="287" />
        <source>%n laporan ditolak server dan perlu perbaikan.</source>
        <translation>
            <numerusform>%n report was refused by the server and needs a correction.</numerusform>
            <numerusform>%n reports were refused by the server and need a correction.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="307" />
        <source>Isi alamat server dan kode pendaftaran.</source>
        <translation>Enter the server address and the registration code.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="310" />
        <source>Tunggu pengiriman yang sedang berjalan.</source>
        <translation>Wait for the running send to finish.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="327" />
        <source>Mendaftarkan…</source>
        <translation>Registering…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="328" />
        <source>Menghubungi server…</source>
        <translation>Contacting the server…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="339" />
        <source>Perangkat terdaftar.</source>
        <translation>Device registered.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="340" />
        <source>Yang menjawab bukan server LAPOR (mungkin perlu login jaringan).</source>
        <translation>The answer did not come from a LAPOR server (the network may need a login).</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="342" />
        <source>Server tidak dapat dihubungi. Coba lagi nanti.</source>
        <translation>The server cannot be reached. Try again later.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="343" />
        <source>Pendaftaran ditolak server: %1</source>
        <translation>Registration refused by the server: %1</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="344" />
        <source>Pendaftaran gagal: %1</source>
        <translation>Registration failed: %1</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="347" />
        <source>Pendaftaran gagal karena kesalahan tak terduga (%1).</source>
        <translation>Registration failed because of an unexpected error (%1).</translation>
    </message>
</context>
<context>
    <name>SyncState</name>
    <message>
        <location filename="../../ui/sync_page.py" line="78" />
        <source>Alamat server belum diisi. Isi alamat server dan kode pendaftaran di bawah.</source>
        <translation>No server address yet. Fill in the server address and the enrolment code below.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="81" />
        <source>Perangkat belum didaftarkan ke server pusat. Masukkan kode pendaftaran dari admin kabupaten di bawah.</source>
        <translation>This device is not enrolled with the central server. Enter the enrolment code from the regency admin below.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="84" />
        <source>Tidak ada jaringan. Laporan tetap tersimpan dan dikirim otomatis saat jaringan tersedia.</source>
        <translation>No network. Reports stay saved and are sent automatically when the network is back.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="86" />
        <source>Server pusat tidak dapat dihubungi. Laporan tetap dalam antrean dan dicoba lagi otomatis.</source>
        <translation>The central server cannot be reached. Reports stay queued and are retried automatically.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="88" />
        <source>Jaringan meminta login (Wi-Fi/captive portal). Buka peramban, login ke jaringan, lalu tekan Kirim sekarang.</source>
        <translation>The network asks for a login (Wi-Fi/captive portal). Open a browser, log in to the network, then press Send now.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="91" />
        <source>Server pusat menolak pengiriman. Lihat pesan di bawah.</source>
        <translation>The central server refused the sync. See the message below.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="94" />
        <source>Sebagian laporan sudah terkirim; sisanya masih dalam antrean.</source>
        <translation>Some reports were sent; the rest are still queued.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="96" />
        <source>Semua laporan sudah terkirim.</source>
        <translation>All reports have been sent.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="97" />
        <source>Pengiriman terakhir dihentikan. Laporan yang belum terkirim tetap dalam antrean.</source>
        <translation>The last sync was stopped. Reports not yet sent stay queued.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="99" />
        <source>Belum ada pengiriman. Laporan final dikirim otomatis.</source>
        <translation>Nothing sent yet. Final reports are sent automatically.</translation>
    </message>
</context>
<context>
    <name>SyncWorker</name>
    <message>
        <location filename="../../ui/sync_worker.py" line="75" />
        <source>Pengiriman gagal karena kesalahan tak terduga (%1). Laporan tetap dalam antrean.</source>
        <translation>Sending failed because of an unexpected error (%1). The reports stay in the queue.</translation>
    </message>
</context>
<context>
    <name>dialog</name>
    <message>
        <location filename="../../ui/trust_dialogs.py" line="31" />
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>domain</name>
    <message>
        <location filename="../../ui/i18n.py" line="113" />
        <source>Pengaduan</source>
        <translation>Complaint</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="114" />
        <source>Aspirasi</source>
        <translation>Aspiration</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="115" />
        <source>Permintaan Informasi</source>
        <translation>Information request</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="116" />
        <source>Publik</source>
        <translation>Public</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="117" />
        <source>Anonim</source>
        <translation>Anonymous</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="118" />
        <source>Rahasia</source>
        <translation>Confidential</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="119" />
        <source>Laporan dan identitas pelapor dapat dilihat oleh instansi yang menangani.</source>
        <translation>The report and the reporter's identity can be seen by the handling agency.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="121" />
        <source>Identitas pelapor disembunyikan dari publik dan dari tampilan instansi.</source>
        <translation>The reporter's identity is hidden from the public and the agency's view.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="123" />
        <source>Seluruh isi laporan disembunyikan dari publik.</source>
        <translation>The whole report is hidden from the public.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="124" />
        <source>Tatap muka</source>
        <translation>In person</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="125" />
        <source>Telepon</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="126" />
        <source>Surat</source>
        <translation>Letter</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="127" />
        <source>Lainnya</source>
        <translation>Other</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="128" />
        <source>Draf</source>
        <translation>Draft</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="129" />
        <source>Menunggu dikirim</source>
        <translation>Waiting to send</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="130" />
        <source>Terkirim</source>
        <translation>Sent</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="131" />
        <source>Perlu perbaikan</source>
        <translation>Needs fixing</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="132" />
        <source>Diterima</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="133" />
        <source>Terverifikasi</source>
        <translation>Verified</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="134" />
        <source>Diteruskan ke instansi</source>
        <translation>Forwarded to agency</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="135" />
        <source>Ditindaklanjuti</source>
        <translation>Followed up</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="136" />
        <source>Selesai</source>
        <translation>Completed</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="137" />
        <source>Ditunda</source>
        <translation>On hold</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="138" />
        <source>Bukan wewenang</source>
        <translation>Not in authority</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="139" />
        <source>Diarsipkan</source>
        <translation>Archived</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="140" />
        <source>Ditolak</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="141" />
        <source>Operator</source>
        <translation>Operator</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="142" />
        <source>Kepala Desa</source>
        <translation>Village head</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="143" />
        <source>Petugas Kecamatan</source>
        <translation>District officer</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="144" />
        <source>Admin</source>
        <translation>Admin</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="146" />
        <source>Wajib diisi.</source>
        <translation>Required.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="147" />
        <source>Judul paling banyak 150 karakter.</source>
        <translation>Title at most 150 characters.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="148" />
        <source>Judul harus satu baris.</source>
        <translation>Title must be one line.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="149" />
        <source>Isi laporan paling sedikit 20 karakter.</source>
        <translation>Description needs at least 20 characters.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="150" />
        <source>Isi laporan paling banyak 20000 karakter.</source>
        <translation>Description at most 20000 characters.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="151" />
        <source>Teks berisi karakter kontrol yang tidak diizinkan.</source>
        <translation>Text contains control characters that are not allowed.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="152" />
        <source>Teks terlalu panjang.</source>
        <translation>Text too long.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="153" />
        <source>Jenis isian tidak sesuai.</source>
        <translation>Wrong type of value.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="154" />
        <source>Klasifikasi harus pengaduan, aspirasi, atau permintaan informasi.</source>
        <translation>Classification must be complaint, aspiration or information request.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="156" />
        <source>Pilih kerahasiaan: publik, anonim, atau rahasia.</source>
        <translation>Choose privacy: public, anonymous or confidential.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="157" />
        <source>Saluran harus tatap muka, telepon, surat, atau lainnya.</source>
        <translation>Channel must be in person, phone, letter or other.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="158" />
        <source>Tanggal harus berformat TTTT-BB-HH.</source>
        <translation>Date must be YYYY-MM-DD.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="159" />
        <source>Tanggal kejadian tidak boleh di masa depan.</source>
        <translation>The incident date cannot be in the future.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="160" />
        <source>Kode wilayah tidak ada dalam daftar Kemendagri (format PP.KK.CC.DDDD).</source>
        <translation>Region code not in the Ministry of Home Affairs list (format PP.KK.CC.DDDD).</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="162" />
        <source>Kategori tidak ada dalam katalog.</source>
        <translation>Category not in the catalogue.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="163" />
        <source>Instansi tujuan tidak ada dalam katalog.</source>
        <translation>Target agency not in the catalogue.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="164" />
        <source>Nomor telepon bukan nomor Indonesia yang sah (contoh: 0812xxxxxxxx).</source>
        <translation>Not a valid Indonesian phone number (example: 0812xxxxxxxx).</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="166" />
        <source>NIK harus 16 digit angka.</source>
        <translation>NIK must be 16 digits.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="167" />
        <source>Tanggal lahir di NIK tidak valid (perempuan: tanggal + 40).</source>
        <translation>Birth date in the NIK is invalid (women: day + 40).</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="168" />
        <source>Nomor urut di NIK (empat digit terakhir) tidak boleh 0000.</source>
        <translation>The serial number in the NIK (its last four digits) cannot be 0000.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="169" />
        <source>Tanggal kejadian tidak boleh sebelum tahun 1950.</source>
        <translation>The incident date cannot be before 1950.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="170" />
        <source>Teks berisi karakter pengubah arah tulisan (mis. U+202E) yang tidak diizinkan; ketik ulang teksnya.</source>
        <translation>The text contains a writing-direction control character (e.g. U+202E), which is not allowed; type the text again.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="168" />
        <source>Kode wilayah di NIK tidak dikenal; periksa kembali (tetap boleh disimpan).</source>
        <translation>Region code in the NIK is unknown; please check (may still be saved).</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="170" />
        <source>Alamat email tidak sah.</source>
        <translation>Invalid email address.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="171" />
        <source>Lampiran harus berupa daftar berkas.</source>
        <translation>Attachments must be a list of files.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="172" />
        <source>Nilai acak identitas harus 32 digit heksadesimal.</source>
        <translation>The identity salt must be 32 hexadecimal digits.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="173" />
        <source>Isian tidak dikenal.</source>
        <translation>Unknown field.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="174" />
        <source>Desa ini di luar kabupaten yang dilayani aplikasi ini. Arahkan pelapor ke LAPOR! nasional (www.lapor.go.id atau SMS 1708).</source>
        <translation>This village is outside the kabupaten this application serves. Direct the complainant to national LAPOR! (www.lapor.go.id or SMS 1708).</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="178" />
        <source>Batas verifikasi</source>
        <translation>Verification due</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="179" />
        <source>Batas diteruskan ke instansi</source>
        <translation>Forwarding due</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="180" />
        <source>Batas tindak lanjut instansi</source>
        <translation>Agency follow-up due</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="181" />
        <source>Ditutup otomatis</source>
        <translation>Closes automatically</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="183" />
        <source>Nama pengguna atau kata sandi salah.</source>
        <translation>Wrong user name or password.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="184" />
        <source>Peran Anda tidak berwenang melihat identitas pelapor.</source>
        <translation>Your role may not see the reporter's identity.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="185" />
        <source>Kata sandi paling sedikit 8 karakter.</source>
        <translation>Password needs at least 8 characters.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="186" />
        <source>Nama pengguna sudah dipakai.</source>
        <translation>User name already taken.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="187" />
        <source>Nama pengguna 2–64 karakter: huruf, angka, titik, garis bawah atau tanda hubung.</source>
        <translation>User name 2–64 characters: letters, digits, dot, underscore or hyphen.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="190" />
        <source>Kode wilayah tidak dikenal. Gunakan kode desa (PP.KK.CC.DDDD) atau kecamatan (PP.KK.CC) dari daftar Kemendagri.</source>
        <translation>Unknown region code. Use a village (PP.KK.CC.DDDD) or district (PP.KK.CC) code from the Ministry of Home Affairs list.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="193" />
        <source>Anda tidak dapat menonaktifkan akun sendiri.</source>
        <translation>You cannot disable your own account.</translation>
    </message>
</context>
<context>
    <name>receipt</name>
    <message>
        <location filename="../../ui/receipt.py" line="82" />
        <source>(%1 hari kerja)</source>
        <translation>(%1 working days)</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="85" />
        <source>— perkiraan</source>
        <translation>— estimate</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="94" />
        <source>(dirahasiakan)</source>
        <translation>(confidential)</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="96" />
        <location filename="../../ui/receipt.py" line="184" />
        <source>Nomor laporan</source>
        <translation>Report number</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="97" />
        <source>Tanggal dan jam</source>
        <translation>Date and time</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="99" />
        <source>Klasifikasi</source>
        <translation>Classification</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="100" />
        <source>Judul</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="101" />
        <source>Kategori</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="103" />
        <source>Instansi tujuan</source>
        <translation>Target agency</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="105" />
        <source>Kerahasiaan</source>
        <translation>Privacy</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="106" />
        <source>Batas waktu tindak lanjut</source>
        <translation>Follow-up due date</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="109" />
        <source>Nama pelapor</source>
        <translation>Reporter's name</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="111" />
        <location filename="../../ui/receipt.py" line="194" />
        <source>Petugas penerima</source>
        <translation>Received by</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="172" />
        <source>TANDA TERIMA LAPORAN</source>
        <translation>REPORT RECEIPT</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="174" />
        <source>SP4N-LAPOR! — Layanan Aspirasi dan Pengaduan Online Rakyat</source>
        <translation>SP4N-LAPOR! — Public Aspiration and Complaint Service</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="191" />
        <source>Kode verifikasi: %1</source>
        <translation>Verification code: %1</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="200" />
        <source>Simpan tanda terima ini. Untuk menanyakan perkembangan laporan, hubungi kantor ini dengan menyebutkan nomor laporan atau tunjukkan kode QR. Hari kerja tidak termasuk Sabtu, Minggu, libur nasional dan cuti bersama.</source>
        <translation>Keep this receipt. To ask about progress, contact this office with the report number or show the QR code. Working days exclude Saturdays, Sundays, national holidays and collective leave days.</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="206" />
        <source>Petugas penerima,</source>
        <translation>Received by,</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="210" />
        <source>tanda tangan dan cap kantor</source>
        <translation>signature and office stamp</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="222" />
        <source>Lembar untuk pelapor</source>
        <translation>Reporter's copy</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="224" />
        <source>✂ gunting di sini</source>
        <translation>✂ cut here</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="225" />
        <source>Lembar arsip kantor</source>
        <translation>Office copy</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="250" />
        <source>Tanda terima %1</source>
        <translation>Receipt %1</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="292" />
        <source>Simpan tanda terima sebagai PDF</source>
        <translation>Save receipt as PDF</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="294" />
        <source>Dokumen PDF (*.pdf)</source>
        <translation>PDF documents (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="312" />
        <source>Cetak tanda terima</source>
        <translation>Print receipt</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="331" />
        <source>Tidak ada printer</source>
        <translation>No printer</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="332" />
        <source>Tidak ada printer yang terpasang di komputer ini.</source>
        <translation>No printer is installed on this computer.</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="333" />
        <source>Simpan tanda terima sebagai PDF lalu cetak di tempat lain, atau pasang printer dan pilih cetak lagi.</source>
        <translation>Save the receipt as a PDF and print it elsewhere, or install a printer and choose print again.</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="336" />
        <source>Simpan PDF</source>
        <translation>Save PDF</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="337" />
        <source>Tutup</source>
        <translation>Close</translation>
    </message>
</context>
</TS>