<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="id">
<context>
    <name>BarChart</name>
    <message>
        <location filename="../../ui/bundle_page.py" line="88"/>
        <source>Belum ada data.</source>
        <translation>No data yet.</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="113"/>
        <source>Semua laporan</source>
        <translation>All reports</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="116"/>
        <source>Melewati batas waktu</source>
        <translation>Past the deadline</translation>
    </message>
</context>
<context>
    <name>BundlePage</name>
    <message>
        <location filename="../../ui/bundle_page.py" line="151"/>
        <source>Kecamatan</source>
        <translation>District</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="151"/>
        <source>Paket USB</source>
        <translation>USB bundles</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="155"/>
        <source>Terima bundel laporan dari desa lewat flashdisk, kirim ke server pusat seperti biasa, lalu buat tanda terima untuk desa.</source>
        <translation>Receive report bundles from villages on a USB stick, send them to the central server as usual, then make a receipt for the village.</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="157"/>
        <source>Bila tidak ada jaringan, bawa laporan ke kantor kecamatan dengan flashdisk. Identitas pelapor dienkripsi untuk kecamatan.</source>
        <translation>Without a network, take the reports to the district office on a USB stick. Complainants&apos; identities are encrypted for the district.</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="188"/>
        <source>Kunci kecamatan</source>
        <translation>District key</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="201"/>
        <source>Simpan berkas kunci…</source>
        <translation>Save key file…</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="204"/>
        <source>Impor berkas kunci kecamatan…</source>
        <translation>Import district key file…</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="215"/>
        <source>Kirim lewat flashdisk</source>
        <translation>Send on a USB stick</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="220"/>
        <source>Buat bundel untuk kecamatan…</source>
        <translation>Make a bundle for the district…</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="223"/>
        <source>Impor tanda terima kecamatan…</source>
        <translation>Import district receipt…</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="232"/>
        <source>Bundel dari desa</source>
        <translation>Bundles from villages</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="235"/>
        <source>Impor bundel desa…</source>
        <translation>Import village bundle…</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="242"/>
        <source>Tanda terima untuk desa:</source>
        <translation>Receipt for village:</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="246"/>
        <source>Buat tanda terima…</source>
        <translation>Make receipt…</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="253"/>
        <source>Rekap per desa</source>
        <translation>Summary by village</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="257"/>
        <location filename="../../ui/bundle_page.py" line="265"/>
        <source>Desa</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="257"/>
        <source>Jumlah</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="257"/>
        <source>Terlambat</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="257"/>
        <source>Per status</source>
        <translation>By status</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="262"/>
        <source>Melewati batas waktu (hari kerja)</source>
        <translation>Past the deadline (working days)</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="265"/>
        <source>Nomor</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="265"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="265"/>
        <source>Batas</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="266"/>
        <source>Terlambat (hari kerja)</source>
        <translation>Overdue (working days)</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="270"/>
        <source>Muat ulang</source>
        <translation>Reload</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="272"/>
        <source>Ekspor CSV…</source>
        <translation>Export CSV…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/bundle_page.py" line="303"/>
        <source>%n laporan final belum diterima kecamatan.</source>
        <translation>
            <numerusform>%n final report not yet received by the district.</numerusform>
            <numerusform>%n final reports not yet received by the district.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="320"/>
        <source>Kecamatan %1. Sidik jari kunci: %2
Desa memindai kode QR ini atau mengimpor berkas kuncinya, lalu mencocokkan sidik jari.</source>
        <translation>District %1. Key fingerprint: %2
Villages scan this QR code or import the key file, then compare the fingerprint.</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="327"/>
        <source>Kunci kecamatan belum diimpor. Minta berkas kunci dari kantor kecamatan %1.</source>
        <translation>The district key has not been imported. Ask the %1 district office for the key file.</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="331"/>
        <source>Kunci kecamatan %1 terpasang. Sidik jari: %2</source>
        <translation>District key %1 installed. Fingerprint: %2</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="367"/>
        <source>Semua berkas (*)</source>
        <translation>All files (*)</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="380"/>
        <source>Simpan berkas kunci kecamatan</source>
        <translation>Save the district key file</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="389"/>
        <source>Berkas kunci disimpan: %1. Sidik jari: %2</source>
        <translation>Key file saved: %1. Fingerprint: %2</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="393"/>
        <source>Pilih berkas kunci kecamatan</source>
        <translation>Choose the district key file</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="402"/>
        <source>Cocokkan sidik jari</source>
        <translation>Compare the fingerprint</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="403"/>
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
        <location filename="../../ui/bundle_page.py" line="409"/>
        <source>Kunci tidak diimpor.</source>
        <translation>The key was not imported.</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="412"/>
        <source>Kunci kecamatan %1 diimpor. Sidik jari: %2</source>
        <translation>District key %1 imported. Fingerprint: %2</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="419"/>
        <source>Simpan bundel ke flashdisk</source>
        <translation>Save the bundle to a USB stick</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="425"/>
        <source>Bundel disimpan: %1 laporan, %2 lampiran di %3.</source>
        <translation>Bundle saved: %1 reports, %2 attachments in %3.</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="436"/>
        <source>Pilih bundel desa</source>
        <translation>Choose a village bundle</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="437"/>
        <source>Pilih tanda terima kecamatan</source>
        <translation>Choose a district receipt</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="464"/>
        <source>Perangkat %1 dari desa %2 (%3)</source>
        <translation>Device %1 of village %2 (%3)</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="468"/>
        <source>PERINGATAN: %1 sebelumnya memakai kunci lain:
%2

Bundel ini bertanda tangan kunci baru. Bisa jadi laptop desa diganti atau diinstal ulang, bisa jadi bundel palsu.</source>
        <translation>WARNING: %1 used another key before:
%2

This bundle is signed with a new key. The village laptop may have been replaced or reinstalled, or the bundle may be forged.</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="473"/>
        <source>%1 belum dikenal kecamatan ini.</source>
        <translation>%1 is not known to this kecamatan.</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="475"/>
        <source>Sidik jari kunci perangkat:
%1

Telepon operator desa dan minta dibacakan sidik jari di Pengaturan laptop desa. Percayai perangkat ini hanya bila semuanya sama.</source>
        <translation>Device key fingerprint:
%1

Phone the village operator and ask them to read out the fingerprint shown in Settings on the village laptop. Trust this device only if all of it matches.</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="480"/>
        <source>Kunci perangkat desa berubah</source>
        <translation>Village device key changed</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="481"/>
        <source>Perangkat desa baru</source>
        <translation>New village device</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="489"/>
        <source>Perangkat dicatat sebagai tepercaya (sidik jari %1).</source>
        <translation>Device recorded as trusted (fingerprint %1).</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="449"/>
        <source>Bundel tidak diimpor: perangkat tidak dipercaya.</source>
        <translation>Bundle not imported: the device is not trusted.</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="485"/>
        <source>Diimpor %1 laporan baru (%2 lampiran); %3 sudah ada sebelumnya. Laporan masuk antrean kirim.</source>
        <translation>Imported %1 new reports (%2 attachments); %3 were already here. The reports are queued for sending.</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="496"/>
        <source>Tanda terima: %1 laporan diterima kecamatan, %2 kini terkirim.</source>
        <translation>Receipt: %1 reports received by the district, %2 now sent.</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="502"/>
        <source>Pilih desa.</source>
        <translation>Choose a village.</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="504"/>
        <source>Simpan tanda terima</source>
        <translation>Save receipt</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="510"/>
        <source>Tanda terima untuk %1 disimpan: %2 laporan, %3 dengan nomor pelacakan.</source>
        <translation>Receipt for %1 saved: %2 reports, %3 with a tracking number.</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="515"/>
        <source>Ekspor rekap CSV</source>
        <translation>Export summary as CSV</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="524"/>
        <source>%1 laporan diekspor ke %2 (tanpa identitas pelapor).</source>
        <translation>%1 reports exported to %2 (without complainants&apos; identities).</translation>
    </message>
    <message>
        <location filename="../../ui/bundle_page.py" line="541"/>
        <source>Sedang bekerja…</source>
        <translation>Working…</translation>
    </message>
</context>
<context>
    <name>DeviceBox</name>
    <message>
        <location filename="../../ui/device_box.py" line="29"/>
        <source>Belum pernah ada cadangan. Tulis cadangan ke flashdisk (Pengaturan).</source>
        <translation>No backup yet. Write a backup to a USB stick (Settings).</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="31"/>
        <source>Cadangan terakhir %1: sudah lebih dari seminggu. Tulis cadangan baru ke flashdisk (Pengaturan).</source>
        <translation>Last backup %1: more than a week ago. Write a new backup to a USB stick (Settings).</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="40"/>
        <source>Perangkat dan cadangan</source>
        <translation>Device and backup</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="54"/>
        <source>Kode perangkat</source>
        <translation>Device code</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="55"/>
        <source>Sidik jari kunci</source>
        <translation>Key fingerprint</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="56"/>
        <source>Bacakan sidik jari ini kepada kecamatan saat bundel pertama dari laptop ini diimpor.</source>
        <translation>Read this fingerprint to the kecamatan when the first bundle from this laptop is imported.</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="61"/>
        <source>Simpan juga foto asli di laptop ini (tidak dikirim)</source>
        <translation>Also keep original photos on this laptop (not sent)</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="67"/>
        <source> hari</source>
        <translation> days</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="70"/>
        <source>Desa dianggap senyap setelah</source>
        <translation>Village counts as silent after</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="73"/>
        <source>Cadangan</source>
        <translation>Backup</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="75"/>
        <source>Tulis cadangan…</source>
        <translation>Write backup…</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="77"/>
        <source>Pulihkan ke folder lain…</source>
        <translation>Restore to another folder…</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="96"/>
        <source>Terakhir ditulis %1.</source>
        <translation>Last written %1.</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="98"/>
        <source>Belum pernah ditulis.</source>
        <translation>Never written.</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="101"/>
        <source>Tulis cadangan ke flashdisk setiap minggu.</source>
        <translation>Write a backup to a USB stick every week.</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="107"/>
        <source>Simpan cadangan</source>
        <translation>Save backup</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="120"/>
        <source>Cadangan ditulis: %1 laporan, %2 lampiran. Simpan flashdisk terpisah dari laptop.</source>
        <translation>Backup written: %1 reports, %2 attachments. Keep the USB stick away from the laptop.</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="128"/>
        <source>Pilih berkas cadangan</source>
        <translation>Choose a backup file</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="129"/>
        <source>Pilih folder data kosong</source>
        <translation>Choose an empty data folder</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="132"/>
        <source>Kata sandi salah satu operator di cadangan:</source>
        <translation>Password of any operator in the backup:</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="144"/>
        <source>Dipulihkan: %1 laporan. Buka LAPOR Desktop dengan folder data %2 (lapor-desktop --data-dir FOLDER).</source>
        <translation>Restored: %1 reports. Open LAPOR Desktop with data folder %2 (lapor-desktop --data-dir FOLDER).</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="150"/>
        <source>Cadangan LAPOR (*.lapor-cadangan);;Semua berkas (*)</source>
        <translation>LAPOR backup (*.lapor-cadangan);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../ui/device_box.py" line="161"/>
        <source>Pulihkan cadangan</source>
        <translation>Restore backup</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../../ui/login.py" line="38"/>
        <source>LAPOR Desktop — Persiapan pertama</source>
        <translation>LAPOR Desktop — First-time setup</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="42"/>
        <source>Selamat datang di LAPOR Desktop</source>
        <translation>Welcome to LAPOR Desktop</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="44"/>
        <source>Aplikasi ini mencatat pengaduan warga yang datang ke kantor desa, mencetak tanda terima, dan mengirimkannya ke SP4N-LAPOR! saat ada jaringan. Isi tiga hal di bawah ini sekali saja.</source>
        <translation>This app records complaints from citizens who come to the village office, prints a receipt, and sends them to SP4N-LAPOR! when a network is available. Fill in the three items below once.</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="52"/>
        <source>Ketik nama desa, mis. Tertung</source>
        <translation>Type the village name, e.g. Tertung</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="53"/>
        <source>1. Desa atau kecamatan kantor ini</source>
        <translation>1. This office&apos;s village or district</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="54"/>
        <source>Dari daftar wilayah Kemendagri.</source>
        <translation>From the Ministry of Home Affairs region list.</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="57"/>
        <source>2. Operator pertama (admin)</source>
        <translation>2. First operator (admin)</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="60"/>
        <source>mis. Budi Santoso</source>
        <translation>e.g. Budi Santoso</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="62"/>
        <source>mis. budi</source>
        <translation>e.g. budi</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="65"/>
        <source>Nama lengkap</source>
        <translation>Full name</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="66"/>
        <source>Nama pengguna</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="67"/>
        <source>Kata sandi (min. 8 karakter)</source>
        <translation>Password (at least 8 characters)</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="68"/>
        <source>Ulangi kata sandi</source>
        <translation>Repeat password</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="73"/>
        <source>3. Alamat server pusat (boleh dikosongkan)</source>
        <translation>3. Central server address (optional)</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="75"/>
        <source>Dapat diisi nanti di Pengaturan.</source>
        <translation>Can be set later in Settings.</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="78"/>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="78"/>
        <source>Siapkan aplikasi</source>
        <translation>Set up</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="87"/>
        <source>Kedua kata sandi tidak sama.</source>
        <translation>The two passwords differ.</translation>
    </message>
</context>
<context>
    <name>IntakeForm</name>
    <message>
        <location filename="../../ui/intake_form.py" line="78"/>
        <source>Laporan Baru</source>
        <translation>New Report</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="112"/>
        <source>Jenis laporan</source>
        <translation>Type of report</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="120"/>
        <source>Klasifikasi</source>
        <translation>Classification</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="121"/>
        <source>Saluran</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="126"/>
        <source>Identitas pelapor</source>
        <translation>Reporter&apos;s identity</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="131"/>
        <source>16 digit, boleh dikosongkan</source>
        <translation>16 digits, optional</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="135"/>
        <source>Nama lengkap *</source>
        <translation>Full name *</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="137"/>
        <source>Nomor HP/telepon *</source>
        <translation>Mobile/phone number *</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="138"/>
        <source>Petugas LAPOR! akan menelepon nomor ini.</source>
        <translation>LAPOR! staff will call this number.</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="139"/>
        <source>NIK</source>
        <translation>NIK (ID number)</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="142"/>
        <source>Email</source>
        <translation>Email</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="143"/>
        <source>Alamat</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="146"/>
        <source>Kerahasiaan *</source>
        <translation>Privacy *</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="163"/>
        <source>Tanyakan kepada pelapor, jangan ditebak.</source>
        <translation>Ask the reporter; do not guess.</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="168"/>
        <source>Isi laporan</source>
        <translation>Report</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="171"/>
        <source>Ringkas, mis. Jalan desa berlubang di Dusun I</source>
        <translation>Short, e.g. Potholes on the village road in Dusun I</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="174"/>
        <source>Apa yang terjadi, sejak kapan, siapa yang terdampak, apa yang diharapkan.</source>
        <translation>What happened, since when, who is affected, what is expected.</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="178"/>
        <source>Judul *</source>
        <translation>Title *</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="179"/>
        <source>Isi laporan * (min. 20 karakter)</source>
        <translation>Description * (at least 20 characters)</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="183"/>
        <source>Tanggal kejadian *</source>
        <translation>Date of incident *</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="185"/>
        <source>Ketik nama desa</source>
        <translation>Type the village name</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="186"/>
        <source>Desa/kelurahan lokasi *</source>
        <translation>Village of the incident *</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="191"/>
        <source>Dusun, RT/RW, jalan, patokan</source>
        <translation>Hamlet, RT/RW, street, landmark</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="192"/>
        <source>Detail lokasi</source>
        <translation>Location details</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="194"/>
        <source>— Pilih kategori —</source>
        <translation>— Choose a category —</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="199"/>
        <source>— Otomatis sesuai kategori —</source>
        <translation>— Automatic from category —</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="208"/>
        <source>Kategori *</source>
        <translation>Category *</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="209"/>
        <source>Instansi tujuan</source>
        <translation>Target agency</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="210"/>
        <source>Disarankan sesuai kategori; boleh diganti.</source>
        <translation>Suggested from the category; may be changed.</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="212"/>
        <source>Lampiran</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="214"/>
        <source>Tambah berkas…</source>
        <translation>Add file…</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="215"/>
        <source>Hapus lampiran</source>
        <translation>Remove attachment</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="218"/>
        <source>atau seret foto/dokumen ke sini</source>
        <translation>or drag photos/documents here</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="242"/>
        <source>Laporan baru (Ctrl+N)</source>
        <translation>New report (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="243"/>
        <source>Hapus draf</source>
        <translation>Delete draft</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="244"/>
        <source>Simpan &amp;&amp; Cetak Tanda Terima (Ctrl+S)</source>
        <translation>Save &amp;&amp; Print Receipt (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="393"/>
        <source>Draf dipulihkan</source>
        <translation>Draft restored</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="408"/>
        <source>Menyimpan draf…</source>
        <translation>Saving draft…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/intake_form.py" line="444"/>
        <source>Masih ada %n isian yang perlu diperbaiki.</source>
        <translation>
            <numerusform>%n field still needs fixing.</numerusform>
            <numerusform>%n fields still need fixing.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="464"/>
        <source>Draf tersimpan pukul %1</source>
        <translation>Draft saved at %1</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="481"/>
        <source>Pilih lampiran</source>
        <translation>Choose attachments</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="482"/>
        <source>Foto dan dokumen (*.jpg *.jpeg *.png *.gif *.webp *.pdf *.doc *.docx *.xls *.xlsx *.odt *.ods);;Semua berkas (*)</source>
        <translation>Photos and documents (*.jpg *.jpeg *.png *.gif *.webp *.pdf *.doc *.docx *.xls *.xlsx *.odt *.ods);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="576"/>
        <source>Laporan &lt;b&gt;%1&lt;/b&gt; tersimpan dan menunggu dikirim, tetapi tanda terima gagal disimpan (%2). Periksa ruang disk, lalu buka laporan di Daftar Laporan dan pilih &quot;Cetak ulang tanda terima&quot;.</source>
        <translation>Report &lt;b&gt;%1&lt;/b&gt; is saved and waiting to be sent, but its receipt could not be saved (%2). Check the free disk space, then open the report in Reports and choose &quot;Reprint receipt&quot;.</translation>
    </message>
    <message>
        <location filename="../../ui/intake_form.py" line="587"/>
        <source>Laporan &lt;b&gt;%1&lt;/b&gt; tersimpan dan menunggu dikirim. Tanda terima: &lt;a href=&quot;open&quot;&gt;buka PDF&lt;/a&gt; · &lt;a href=&quot;print&quot;&gt;cetak&lt;/a&gt;</source>
        <translation>Report &lt;b&gt;%1&lt;/b&gt; saved and waiting to be sent. Receipt: &lt;a href=&quot;open&quot;&gt;open PDF&lt;/a&gt; · &lt;a href=&quot;print&quot;&gt;print&lt;/a&gt;</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/login.py" line="107"/>
        <source>LAPOR Desktop — Masuk</source>
        <translation>LAPOR Desktop — Log in</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="110"/>
        <location filename="../../ui/login.py" line="126"/>
        <source>Masuk</source>
        <translation>Log in</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="112"/>
        <source>Kantor: %1</source>
        <translation>Office: %1</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="118"/>
        <source>Nama pengguna</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="119"/>
        <source>Kata sandi</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="126"/>
        <source>Keluar</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="135"/>
        <source>Periksa huruf besar/kecil lalu coba lagi.</source>
        <translation>Check upper/lower case and try again.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="64"/>
        <source>LAPOR Desktop — %1</source>
        <translation>LAPOR Desktop — %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="73"/>
        <source>Laporan Baru</source>
        <translation>New Report</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="73"/>
        <source>Daftar Laporan</source>
        <translation>Reports</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="73"/>
        <location filename="../../ui/main_window.py" line="87"/>
        <source>Sinkronisasi</source>
        <translation>Synchronisation</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="74"/>
        <source>Kecamatan</source>
        <translation>District</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="74"/>
        <source>Paket USB</source>
        <translation>USB bundles</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="75"/>
        <source>Pengaturan</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="88"/>
        <source>Pengiriman ke server pusat akan tampil di sini. Laporan tetap tersimpan dan antre sampai terkirim.</source>
        <translation>Sending to the central server will appear here. Reports stay saved and queued until sent.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="91"/>
        <source>Pertukaran paket laporan lewat flashdisk (USB) akan tampil di sini.</source>
        <translation>Exchanging report bundles by USB stick will appear here.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="123"/>
        <source>Operator: %1 (%2)</source>
        <translation>Operator: %1 (%2)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/main_window.py" line="215"/>
        <source>Menunggu dikirim: %n laporan</source>
        <translation>
            <numerusform>Waiting to be sent: %n report</numerusform>
            <numerusform>Waiting to be sent: %n reports</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="217"/>
        <source>Sinkronisasi terakhir: belum ada</source>
        <translation>Last sync: never</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="219"/>
        <source>Sinkronisasi terakhir: %1</source>
        <translation>Last sync: %1</translation>
    </message>
</context>
<context>
    <name>ReportDetailPage</name>
    <message>
        <location filename="../../ui/report_detail.py" line="64"/>
        <source>← Kembali (Esc)</source>
        <translation>← Back (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="84"/>
        <source>Cetak ulang tanda terima</source>
        <translation>Reprint receipt</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="86"/>
        <source>Buat koreksi</source>
        <translation>Make a correction</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="88"/>
        <source>Lanjutkan draf</source>
        <translation>Continue draft</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="134"/>
        <source>LAPOR!: %1</source>
        <translation>LAPOR!: %1</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="135"/>
        <source>belum dikirim</source>
        <translation>not sent yet</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="145"/>
        <source>Laporan</source>
        <translation>Report</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="147"/>
        <source>Klasifikasi</source>
        <translation>Classification</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="148"/>
        <source>Saluran</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="149"/>
        <source>Judul</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="150"/>
        <source>Isi</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="151"/>
        <source>Tanggal kejadian</source>
        <translation>Date of incident</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="153"/>
        <source>Lokasi</source>
        <translation>Location</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="154"/>
        <source>Detail lokasi</source>
        <translation>Location details</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="156"/>
        <source>Kategori</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="158"/>
        <source>Instansi tujuan</source>
        <translation>Target agency</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="160"/>
        <source>Dicatat</source>
        <translation>Recorded</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="161"/>
        <source>Difinalkan</source>
        <translation>Finalised</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="162"/>
        <source>Nomor LAPOR!</source>
        <translation>LAPOR! number</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="164"/>
        <source>Mengoreksi</source>
        <translation>Corrects</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="166"/>
        <source>Dikoreksi oleh</source>
        <translation>Corrected by</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="168"/>
        <source>Catatan server</source>
        <translation>Server note</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="171"/>
        <source>Identitas pelapor</source>
        <translation>Reporter&apos;s identity</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="175"/>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="176"/>
        <source>NIK</source>
        <translation>NIK (ID number)</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="177"/>
        <source>Telepon</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="178"/>
        <source>Email</source>
        <translation>Email</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="179"/>
        <source>Alamat</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="182"/>
        <source>Identitas ditampilkan; tindakan ini tercatat di log audit.</source>
        <translation>Identity shown; this is recorded in the audit log.</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="184"/>
        <source>Identitas disamarkan. Membuka identitas dicatat di log audit.</source>
        <translation>Identity masked. Revealing it is recorded in the audit log.</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="187"/>
        <source>Identitas disamarkan. Peran Anda tidak berwenang membukanya.</source>
        <translation>Identity masked. Your role may not reveal it.</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="192"/>
        <source>Tampilkan identitas</source>
        <translation>Reveal identity</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="198"/>
        <source>Tenggat (hari kerja)</source>
        <translation>Deadlines (working days)</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="203"/>
        <source>Tenggat dihitung setelah laporan diterima LAPOR!.</source>
        <translation>Deadlines start once LAPOR! has received the report.</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="204"/>
        <source>Tidak ada tenggat berjalan.</source>
        <translation>No deadline running.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/report_detail.py" line="208"/>
        <source>%1: %2 — terlambat %n hari kerja</source>
        <translation>
            <numerusform>%1: %2 — %n working day late</numerusform>
            <numerusform>%1: %2 — %n working days late</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/report_detail.py" line="210"/>
        <source>%1: %2 — %n hari kerja lagi</source>
        <translation>
            <numerusform>%1: %2 — %n working day left</numerusform>
            <numerusform>%1: %2 — %n working days left</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="218"/>
        <source>Riwayat status</source>
        <translation>Status history</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="221"/>
        <source>Belum ada kabar dari LAPOR!.</source>
        <translation>No news from LAPOR! yet.</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="235"/>
        <source>Lampiran</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="248"/>
        <source>Klik dua kali untuk membuka dengan aplikasi bawaan.</source>
        <translation>Double-click to open with the default application.</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="252"/>
        <source>Tidak ada lampiran.</source>
        <translation>No attachments.</translation>
    </message>
    <message>
        <location filename="../../ui/report_detail.py" line="275"/>
        <source>Tanda terima tidak dapat disimpan (%1). Periksa ruang disk dan folder data, lalu coba lagi.</source>
        <translation>The receipt could not be saved (%1). Check the free disk space and the data folder, then try again.</translation>
    </message>
</context>
<context>
    <name>ReportListPage</name>
    <message>
        <location filename="../../ui/report_list.py" line="63"/>
        <source>Daftar Laporan</source>
        <translation>Reports</translation>
    </message>
    <message>
        <location filename="../../ui/report_list.py" line="67"/>
        <source>Cari judul, isi, lokasi, atau nomor laporan (Ctrl+F)</source>
        <translation>Search title, text, location or report number (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../ui/report_list.py" line="70"/>
        <source>Semua status</source>
        <translation>All states</translation>
    </message>
    <message>
        <location filename="../../ui/report_list.py" line="74"/>
        <source>Semua klasifikasi</source>
        <translation>All classifications</translation>
    </message>
    <message>
        <location filename="../../ui/report_list.py" line="110"/>
        <source>Enter atau klik dua kali untuk membuka laporan. Baris tebal berarti status dari LAPOR! berubah sejak terakhir dilihat.</source>
        <translation>Press Enter or double-click to open a report. Bold rows mean the LAPOR! status changed since last viewed.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/report_list.py" line="139"/>
        <source>%n laporan</source>
        <translation>
            <numerusform>%n report</numerusform>
            <numerusform>%n reports</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/report_list.py" line="142"/>
        <source>lebih dari %1 laporan</source>
        <translation>more than %1 reports</translation>
    </message>
</context>
<context>
    <name>ReportTableModel</name>
    <message>
        <location filename="../../ui/report_model.py" line="71"/>
        <source>Nomor</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../../ui/report_model.py" line="71"/>
        <source>Tanggal</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../ui/report_model.py" line="71"/>
        <source>Judul</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/report_model.py" line="72"/>
        <source>Klasifikasi</source>
        <translation>Classification</translation>
    </message>
    <message>
        <location filename="../../ui/report_model.py" line="72"/>
        <source>Status lokal</source>
        <translation>Local state</translation>
    </message>
    <message>
        <location filename="../../ui/report_model.py" line="73"/>
        <source>Status LAPOR!</source>
        <translation>LAPOR! status</translation>
    </message>
    <message>
        <location filename="../../ui/report_model.py" line="73"/>
        <source>Tenggat</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../ui/report_model.py" line="149"/>
        <source>(draf)</source>
        <translation>(draft)</translation>
    </message>
    <message>
        <location filename="../../ui/report_model.py" line="153"/>
        <source>(tanpa judul)</source>
        <translation>(untitled)</translation>
    </message>
    <message>
        <location filename="../../ui/report_model.py" line="161"/>
        <location filename="../../ui/report_model.py" line="187"/>
        <source>Belum ada</source>
        <translation>None yet</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/report_model.py" line="168"/>
        <source>%n hari kerja lagi</source>
        <translation>
            <numerusform>%n working day left</numerusform>
            <numerusform>%n working days left</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/report_model.py" line="186"/>
        <source>Status baru dari LAPOR!, belum dilihat: %1</source>
        <translation>New status from LAPOR!, not yet seen: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/report_model.py" line="167"/>
        <source>Lewat %n hari kerja</source>
        <translation>
            <numerusform>%n working day overdue</numerusform>
            <numerusform>%n working days overdue</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../ui/settings_page.py" line="28"/>
        <source>Pengaturan</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="32"/>
        <source>Umum</source>
        <translation>General</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="36"/>
        <source>mis. Kantor Desa Tertung</source>
        <translation>e.g. Tertung Village Office</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="47"/>
        <source>Nama kantor (di tanda terima)</source>
        <translation>Office name (on receipts)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="48"/>
        <source>Alamat server pusat</source>
        <translation>Central server address</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="49"/>
        <source>Bahasa</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="50"/>
        <source>Batas ukuran lampiran</source>
        <translation>Attachment size limit</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="53"/>
        <source>Simpan pengaturan</source>
        <translation>Save settings</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="64"/>
        <source>Operator</source>
        <translation>Operator</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="67"/>
        <location filename="../../ui/settings_page.py" line="85"/>
        <source>Nama pengguna</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="67"/>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="68"/>
        <location filename="../../ui/settings_page.py" line="87"/>
        <source>Peran</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="68"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="75"/>
        <source>Aktifkan / nonaktifkan</source>
        <translation>Enable / disable</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="86"/>
        <source>Nama lengkap</source>
        <translation>Full name</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="88"/>
        <source>Kata sandi awal</source>
        <translation>Initial password</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="90"/>
        <source>Tambah operator</source>
        <translation>Add operator</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="98"/>
        <source>Pengelolaan operator hanya untuk admin.</source>
        <translation>Only admins manage operators.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="106"/>
        <source>Alamat server harus diawali https:// (atau http:// untuk uji coba).</source>
        <translation>The server address must start with https:// (or http:// for testing).</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="117"/>
        <source>Pengaturan tersimpan.</source>
        <translation>Settings saved.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="127"/>
        <source>Aktif</source>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="127"/>
        <source>Nonaktif</source>
        <translation>Disabled</translation>
    </message>
    <message>
        <location filename="../../ui/settings_page.py" line="142"/>
        <source>Operator ditambahkan.</source>
        <translation>Operator added.</translation>
    </message>
</context>
<context>
    <name>SilentVillagesBox</name>
    <message>
        <location filename="../../ui/silent_villages.py" line="25"/>
        <source>Desa senyap</source>
        <translation>Silent villages</translation>
    </message>
    <message>
        <location filename="../../ui/silent_villages.py" line="33"/>
        <source>Desa</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../ui/silent_villages.py" line="33"/>
        <source>Laporan terakhir</source>
        <translation>Last report</translation>
    </message>
    <message>
        <location filename="../../ui/silent_villages.py" line="33"/>
        <source>Bundel terakhir</source>
        <translation>Last bundle</translation>
    </message>
    <message>
        <location filename="../../ui/silent_villages.py" line="34"/>
        <source>Diterima pusat terakhir</source>
        <translation>Last received by central</translation>
    </message>
    <message>
        <location filename="../../ui/silent_villages.py" line="34"/>
        <source>Keterangan</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../ui/silent_villages.py" line="47"/>
        <source>%1 dari %2 desa tanpa bundel atau kiriman lebih dari %3 hari (ubah di Pengaturan).</source>
        <translation>%1 of %2 villages without a bundle or delivery for more than %3 days (change in Settings).</translation>
    </message>
    <message>
        <location filename="../../ui/silent_villages.py" line="53"/>
        <source>belum pernah mengirim</source>
        <translation>never sent</translation>
    </message>
    <message>
        <location filename="../../ui/silent_villages.py" line="55"/>
        <source>senyap %1 hari</source>
        <translation>silent %1 days</translation>
    </message>
    <message>
        <location filename="../../ui/silent_villages.py" line="57"/>
        <source>aktif</source>
        <translation>active</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../ui/sync_page.py" line="125"/>
        <source>Kirim sekarang</source>
        <translation>Send now</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="129"/>
        <source>Laporan %v dari %m</source>
        <translation>Report %v of %m</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="131"/>
        <source>Lampiran %p%</source>
        <translation>Attachments %p%</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="141"/>
        <source>Menunggu dikirim:</source>
        <translation>Waiting to be sent:</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="142"/>
        <source>Terkirim:</source>
        <translation>Sent:</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="143"/>
        <source>Perlu perbaikan:</source>
        <translation>Needs correction:</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="144"/>
        <source>Sinkronisasi terakhir berhasil:</source>
        <translation>Last successful sync:</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="156"/>
        <location filename="../../ui/sync_page.py" line="308"/>
        <source>Daftarkan perangkat</source>
        <translation>Register device</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="161"/>
        <source>Alamat server</source>
        <translation>Server address</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="162"/>
        <source>Kode pendaftaran</source>
        <translation>Registration code</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="168"/>
        <source>Pendaftaran perangkat</source>
        <translation>Device registration</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="172"/>
        <source>Sinkronisasi</source>
        <translation>Synchronisation</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="174"/>
        <source>Laporan final dikirim ke server pusat LAPOR! saat ada jaringan. Bila gagal, laporan tetap tersimpan dan dicoba lagi otomatis.</source>
        <translation>Final reports are sent to the central LAPOR! server when there is a network. If that fails, the reports stay stored and are tried again automatically.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="198"/>
        <source>belum pernah</source>
        <translation>never</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="280"/>
        <source>Isi alamat server dan kode pendaftaran.</source>
        <translation>Enter the server address and the registration code.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="283"/>
        <source>Tunggu pengiriman yang sedang berjalan.</source>
        <translation>Wait for the running send to finish.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="300"/>
        <source>Mendaftarkan…</source>
        <translation>Registering…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="301"/>
        <source>Menghubungi server…</source>
        <translation>Contacting the server…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="312"/>
        <source>Perangkat terdaftar.</source>
        <translation>Device registered.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="313"/>
        <source>Yang menjawab bukan server LAPOR (mungkin perlu login jaringan).</source>
        <translation>The answer did not come from a LAPOR server (the network may need a login).</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="315"/>
        <source>Server tidak dapat dihubungi. Coba lagi nanti.</source>
        <translation>The server cannot be reached. Try again later.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="316"/>
        <source>Pendaftaran ditolak server: %1</source>
        <translation>Registration refused by the server: %1</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="317"/>
        <source>Pendaftaran gagal: %1</source>
        <translation>Registration failed: %1</translation>
    </message>
    <message>
        <location filename="../../ui/sync_page.py" line="320"/>
        <source>Pendaftaran gagal karena kesalahan tak terduga (%1).</source>
        <translation>Registration failed because of an unexpected error (%1).</translation>
    </message>
</context>
<context>
    <name>SyncWorker</name>
    <message>
        <location filename="../../ui/sync_worker.py" line="65"/>
        <source>Pengiriman gagal karena kesalahan tak terduga (%1). Laporan tetap dalam antrean.</source>
        <translation>Sending failed because of an unexpected error (%1). The reports stay in the queue.</translation>
    </message>
</context>
<context>
    <name>domain</name>
    <message>
        <location filename="../../ui/i18n.py" line="60"/>
        <source>Pengaduan</source>
        <translation>Complaint</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="61"/>
        <source>Aspirasi</source>
        <translation>Aspiration</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="62"/>
        <source>Permintaan Informasi</source>
        <translation>Information request</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="63"/>
        <source>Publik</source>
        <translation>Public</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="64"/>
        <source>Anonim</source>
        <translation>Anonymous</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="65"/>
        <source>Rahasia</source>
        <translation>Confidential</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="66"/>
        <source>Laporan dan identitas pelapor dapat dilihat oleh instansi yang menangani.</source>
        <translation>The report and the reporter&apos;s identity can be seen by the handling agency.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="68"/>
        <source>Identitas pelapor disembunyikan dari publik dan dari tampilan instansi.</source>
        <translation>The reporter&apos;s identity is hidden from the public and the agency&apos;s view.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="70"/>
        <source>Seluruh isi laporan disembunyikan dari publik.</source>
        <translation>The whole report is hidden from the public.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="71"/>
        <source>Tatap muka</source>
        <translation>In person</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="72"/>
        <source>Telepon</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="73"/>
        <source>Surat</source>
        <translation>Letter</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="74"/>
        <source>Lainnya</source>
        <translation>Other</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="75"/>
        <source>Draf</source>
        <translation>Draft</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="76"/>
        <source>Menunggu dikirim</source>
        <translation>Waiting to send</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="77"/>
        <source>Terkirim</source>
        <translation>Sent</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="78"/>
        <source>Perlu perbaikan</source>
        <translation>Needs fixing</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="79"/>
        <source>Diterima</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="80"/>
        <source>Terverifikasi</source>
        <translation>Verified</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="81"/>
        <source>Diteruskan ke instansi</source>
        <translation>Forwarded to agency</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="82"/>
        <source>Ditindaklanjuti</source>
        <translation>Followed up</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="83"/>
        <source>Selesai</source>
        <translation>Completed</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="84"/>
        <source>Ditunda</source>
        <translation>On hold</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="85"/>
        <source>Bukan wewenang</source>
        <translation>Not in authority</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="86"/>
        <source>Diarsipkan</source>
        <translation>Archived</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="87"/>
        <source>Ditolak</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="88"/>
        <source>Operator</source>
        <translation>Operator</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="89"/>
        <source>Kepala Desa</source>
        <translation>Village head</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="90"/>
        <source>Petugas Kecamatan</source>
        <translation>District officer</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="91"/>
        <source>Admin</source>
        <translation>Admin</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="93"/>
        <source>Wajib diisi.</source>
        <translation>Required.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="94"/>
        <source>Judul paling banyak 150 karakter.</source>
        <translation>Title at most 150 characters.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="95"/>
        <source>Judul harus satu baris.</source>
        <translation>Title must be one line.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="96"/>
        <source>Isi laporan paling sedikit 20 karakter.</source>
        <translation>Description needs at least 20 characters.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="97"/>
        <source>Isi laporan paling banyak 20000 karakter.</source>
        <translation>Description at most 20000 characters.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="98"/>
        <source>Teks berisi karakter kontrol yang tidak diizinkan.</source>
        <translation>Text contains control characters that are not allowed.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="99"/>
        <source>Teks terlalu panjang.</source>
        <translation>Text too long.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="100"/>
        <source>Jenis isian tidak sesuai.</source>
        <translation>Wrong type of value.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="101"/>
        <source>Klasifikasi harus pengaduan, aspirasi, atau permintaan informasi.</source>
        <translation>Classification must be complaint, aspiration or information request.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="103"/>
        <source>Pilih kerahasiaan: publik, anonim, atau rahasia.</source>
        <translation>Choose privacy: public, anonymous or confidential.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="104"/>
        <source>Saluran harus tatap muka, telepon, surat, atau lainnya.</source>
        <translation>Channel must be in person, phone, letter or other.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="105"/>
        <source>Tanggal harus berformat TTTT-BB-HH.</source>
        <translation>Date must be YYYY-MM-DD.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="106"/>
        <source>Tanggal kejadian tidak boleh di masa depan.</source>
        <translation>The incident date cannot be in the future.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="107"/>
        <source>Kode wilayah tidak ada dalam daftar Kemendagri (format PP.KK.CC.DDDD).</source>
        <translation>Region code not in the Ministry of Home Affairs list (format PP.KK.CC.DDDD).</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="109"/>
        <source>Kategori tidak ada dalam katalog.</source>
        <translation>Category not in the catalogue.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="110"/>
        <source>Instansi tujuan tidak ada dalam katalog.</source>
        <translation>Target agency not in the catalogue.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="111"/>
        <source>Nomor telepon bukan nomor Indonesia yang sah (contoh: 0812xxxxxxxx).</source>
        <translation>Not a valid Indonesian phone number (example: 0812xxxxxxxx).</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="113"/>
        <source>NIK harus 16 digit angka.</source>
        <translation>NIK must be 16 digits.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="114"/>
        <source>Tanggal lahir di NIK tidak valid (perempuan: tanggal + 40).</source>
        <translation>Birth date in the NIK is invalid (women: day + 40).</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="115"/>
        <source>Kode wilayah di NIK tidak dikenal; periksa kembali (tetap boleh disimpan).</source>
        <translation>Region code in the NIK is unknown; please check (may still be saved).</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="117"/>
        <source>Alamat email tidak sah.</source>
        <translation>Invalid email address.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="118"/>
        <source>Lampiran harus berupa daftar berkas.</source>
        <translation>Attachments must be a list of files.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="119"/>
        <source>Nilai acak identitas harus 32 digit heksadesimal.</source>
        <translation>The identity salt must be 32 hexadecimal digits.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="120"/>
        <source>Isian tidak dikenal.</source>
        <translation>Unknown field.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="122"/>
        <source>Batas verifikasi</source>
        <translation>Verification due</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="123"/>
        <source>Batas diteruskan ke instansi</source>
        <translation>Forwarding due</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="124"/>
        <source>Batas tindak lanjut instansi</source>
        <translation>Agency follow-up due</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="125"/>
        <source>Ditutup otomatis</source>
        <translation>Closes automatically</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="127"/>
        <source>Nama pengguna atau kata sandi salah.</source>
        <translation>Wrong user name or password.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="128"/>
        <source>Peran Anda tidak berwenang melihat identitas pelapor.</source>
        <translation>Your role may not see the reporter&apos;s identity.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="129"/>
        <source>Kata sandi paling sedikit 8 karakter.</source>
        <translation>Password needs at least 8 characters.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="130"/>
        <source>Nama pengguna sudah dipakai.</source>
        <translation>User name already taken.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="131"/>
        <source>Nama pengguna 2–64 karakter: huruf, angka, titik, garis bawah atau tanda hubung.</source>
        <translation>User name 2–64 characters: letters, digits, dot, underscore or hyphen.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="134"/>
        <source>Kode wilayah tidak dikenal. Gunakan kode desa (PP.KK.CC.DDDD) atau kecamatan (PP.KK.CC) dari daftar Kemendagri.</source>
        <translation>Unknown region code. Use a village (PP.KK.CC.DDDD) or district (PP.KK.CC) code from the Ministry of Home Affairs list.</translation>
    </message>
    <message>
        <location filename="../../ui/i18n.py" line="137"/>
        <source>Anda tidak dapat menonaktifkan akun sendiri.</source>
        <translation>You cannot disable your own account.</translation>
    </message>
</context>
<context>
    <name>receipt</name>
    <message>
        <location filename="../../ui/receipt.py" line="56"/>
        <location filename="../../ui/receipt.py" line="110"/>
        <source>Nomor laporan</source>
        <translation>Report number</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="57"/>
        <source>Tanggal dan jam</source>
        <translation>Date and time</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="58"/>
        <source>Klasifikasi</source>
        <translation>Classification</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="59"/>
        <source>Kerahasiaan</source>
        <translation>Privacy</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="62"/>
        <location filename="../../ui/receipt.py" line="64"/>
        <source>Judul</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="64"/>
        <source>(dirahasiakan)</source>
        <translation>(confidential)</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="66"/>
        <source>Nama pelapor</source>
        <translation>Reporter&apos;s name</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="67"/>
        <source>Diterima di</source>
        <translation>Received at</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="94"/>
        <source>TANDA TERIMA LAPORAN</source>
        <translation>REPORT RECEIPT</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="98"/>
        <source>SP4N-LAPOR! — Layanan Aspirasi dan Pengaduan Online Rakyat</source>
        <translation>SP4N-LAPOR! — Public Aspiration and Complaint Service</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="134"/>
        <source>Simpan tanda terima ini. Untuk menanyakan perkembangan laporan, datang ke kantor ini atau hubungi petugas dengan menyebutkan nomor laporan di atas, atau tunjukkan kode QR ini. Laporan akan dikirim ke SP4N-LAPOR! dan diverifikasi paling lambat 3 hari kerja setelah diterima; instansi menindaklanjuti paling lambat 5 hari kerja.</source>
        <translation>Keep this receipt. To ask about your report, come to this office or contact the officer and quote the report number above, or show this QR code. The report is sent to SP4N-LAPOR! and verified within 3 working days of receipt; the agency follows up within 5 working days.</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="145"/>
        <source>ID laporan: %1</source>
        <translation>Report ID: %1</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="158"/>
        <source>Tanda terima %1</source>
        <translation>Receipt %1</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="212"/>
        <source>Cetak tanda terima</source>
        <translation>Print receipt</translation>
    </message>
</context>
</TS>
