"""What the Manado demo city is made of: agencies, categories, people and texts.

Every text here was written for this project (no row of any real complaint data set is
copied). Placeholders in braces are filled per complaint: {jalan} a street, {patokan} a
landmark, {kel} the kelurahan, {kec} the kecamatan, {ling} a lingkungan, {lama} how long
the problem has lasted, {lokasi} a full location phrase.
"""

PASSWORD = "cerdas-demo"  # noqa: S105 - the published password of the demo accounts

# --- Agencies --------------------------------------------------------------------------
# (code, name, short name). Manado's real perangkat daerah; Inspektorat receives pungli.

OPDS = [
    ("pupr", "Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas PUPR"),
    ("dlh", "Dinas Lingkungan Hidup", "DLH"),
    ("dishub", "Dinas Perhubungan", "Dishub"),
    ("disperkim", "Dinas Perumahan Rakyat dan Kawasan Permukiman", "Disperkim"),
    ("bpbd", "Badan Penanggulangan Bencana Daerah", "BPBD"),
    ("satpolpp", "Satuan Polisi Pamong Praja", "Satpol PP"),
    ("disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil"),
    ("dinkes", "Dinas Kesehatan", "Dinkes"),
    ("dinsos", "Dinas Sosial", "Dinsos"),
    ("disdik", "Dinas Pendidikan", "Disdik"),
    ("diskominfo", "Dinas Komunikasi dan Informatika", "Diskominfo"),
    ("inspektorat", "Inspektorat Daerah", "Inspektorat"),
]

# (code, name, short name, parent code)
UNITS = [
    ("binamarga", "Bidang Bina Marga", "Bina Marga", "pupr"),
    ("sda", "Bidang Sumber Daya Air", "Bidang SDA", "pupr"),
    ("uptdsampah", "UPTD Pengelolaan Sampah", "UPTD Sampah", "dlh"),
    ("pju", "UPTD Penerangan Jalan Umum", "UPTD PJU", "disperkim"),
]

# (code, name, short name, public contact)
EXTERNALS = [
    (
        "pln",
        "PT PLN (Persero) UP3 Manado",
        "PLN UP3 Manado",
        "Aplikasi PLN Mobile atau Contact Center PLN 123",
    ),
    (
        "pdam",
        "Perumda Air Minum Wanua Wenang",
        "Perumda AM Wanua Wenang",
        "Kantor pelayanan pelanggan Perumda Air Minum Wanua Wenang, Manado",
    ),
    (
        "polresta",
        "Kepolisian Resor Kota Manado (Polresta Manado)",
        "Polresta Manado",
        "Layanan darurat Polri 110 atau SPKT Polresta Manado",
    ),
    (
        "bpjn",
        "Balai Pelaksana Jalan Nasional (BPJN) Sulawesi Utara",
        "BPJN Sulut",
        "Kantor BPJN Sulawesi Utara, Manado; atau SP4N-LAPOR! (lapor.go.id)",
    ),
    (
        "puprprov",
        "Dinas PUPR Provinsi Sulawesi Utara",
        "Dinas PUPR Prov. Sulut",
        "Layanan pengaduan Pemerintah Provinsi Sulawesi Utara; atau SP4N-LAPOR!",
    ),
    (
        "bws",
        "Balai Wilayah Sungai Sulawesi I",
        "BWS Sulawesi I",
        "Kantor BWS Sulawesi I, Manado; atau SP4N-LAPOR! (lapor.go.id)",
    ),
]

# How fast each agency works, as a factor on its deadlines (1 = on time on average).
# Dinas PUPR, Dinas Sosial and Satpol PP are the slow ones, so the dashboards have a story.
AGENCY_SPEED = {
    "pupr": 2.1,
    "binamarga": 1.9,
    "sda": 1.6,
    "dlh": 0.55,
    "uptdsampah": 0.6,
    "dishub": 0.85,
    "disperkim": 1.0,
    "pju": 0.9,
    "bpbd": 0.5,
    "satpolpp": 1.8,
    "disdukcapil": 1.0,
    "dinkes": 0.8,
    "dinsos": 2.5,
    "disdik": 1.1,
    "diskominfo": 0.7,
    "inspektorat": 1.3,
}
SLOW_AGENCIES = ("pupr", "binamarga", "dinsos", "satpolpp")

# --- Deadline policies -------------------------------------------------------------------
# name: (verify, unit, response, unit, resolution, unit)

POLICIES = {
    "Standar SP4N-LAPOR! (14 hari kerja)": (3, "days", 5, "days", 14, "days"),
    "Jalan rusak (14 hari kerja)": (3, "days", 5, "days", 14, "days"),
    "Drainase (10 hari kerja)": (3, "days", 5, "days", 10, "days"),
    "Banjir/genangan (darurat)": (4, "hours", 8, "hours", 3, "days"),
    "Sampah (3 hari kerja)": (1, "days", 1, "days", 3, "days"),
    "Lampu jalan (3 hari kerja)": (1, "days", 1, "days", 3, "days"),
    "Lampu lalu lintas (2 hari kerja)": (4, "hours", 8, "hours", 2, "days"),
    "Ketertiban (5 hari kerja)": (2, "days", 3, "days", 5, "days"),
    "Pohon tumbang (24 jam kerja)": (4, "hours", 4, "hours", 24, "hours"),
    "Layanan publik (10 hari kerja)": (3, "days", 5, "days", 10, "days"),
    "Bantuan sosial (20 hari kerja)": (3, "days", 5, "days", 20, "days"),
    "Pungutan liar (30 hari kerja)": (3, "days", 5, "days", 30, "days"),
}

# --- Categories ----------------------------------------------------------------------------
# code: name, description, icon, default agency, policy, default privacy, weight, units
# (units: other agencies of the same family a case of this kind is sometimes sent to)

CATEGORIES = {
    "jalan-rusak": {
        "name": "Jalan rusak/berlubang",
        "description": "Jalan berlubang, aspal mengelupas, jalan amblas, trotoar rusak.",
        "icon": "road",
        "agency": "pupr",
        "policy": "Jalan rusak (14 hari kerja)",
        "weight": 16,
        "units": ["binamarga"],
    },
    "drainase": {
        "name": "Drainase/selokan tersumbat",
        "description": "Selokan atau got tersumbat, penutup saluran rusak, air meluap ke jalan.",
        "icon": "pipeline",
        "agency": "pupr",
        "policy": "Drainase (10 hari kerja)",
        "weight": 10,
        "units": ["sda"],
    },
    "banjir": {
        "name": "Banjir/genangan",
        "description": "Banjir, genangan setelah hujan, air naik ke permukiman.",
        "icon": "flood",
        "agency": "bpbd",
        "policy": "Banjir/genangan (darurat)",
        "weight": 6,
    },
    "sampah": {
        "name": "Sampah menumpuk",
        "description": "Sampah tidak diangkut, TPS penuh, pembuangan sampah liar.",
        "icon": "trash",
        "agency": "dlh",
        "policy": "Sampah (3 hari kerja)",
        "weight": 15,
        "units": ["uptdsampah"],
    },
    "lampu-jalan": {
        "name": "Lampu jalan padam",
        "description": "Lampu penerangan jalan umum (PJU) mati, berkedip atau tiangnya rusak.",
        "icon": "bulb",
        "agency": "disperkim",
        "policy": "Lampu jalan (3 hari kerja)",
        "weight": 10,
        "units": ["pju"],
    },
    "lampu-lalin": {
        "name": "Lampu lalu lintas rusak",
        "description": "Traffic light mati, tidak sinkron atau tiangnya tertabrak.",
        "icon": "traffic-lights",
        "agency": "dishub",
        "policy": "Lampu lalu lintas (2 hari kerja)",
        "weight": 3,
    },
    "parkir-liar": {
        "name": "Parkir liar",
        "description": "Kendaraan parkir di bahu jalan, trotoar atau tempat terlarang.",
        "icon": "parking",
        "agency": "dishub",
        "policy": "Ketertiban (5 hari kerja)",
        "weight": 6,
    },
    "ketertiban": {
        "name": "PKL/ketertiban umum",
        "description": "Pedagang kaki lima di trotoar, bangunan liar, keributan, ketertiban umum.",
        "icon": "building-store",
        "agency": "satpolpp",
        "policy": "Ketertiban (5 hari kerja)",
        "weight": 6,
    },
    "pohon-tumbang": {
        "name": "Pohon tumbang",
        "description": "Pohon tumbang atau dahan rawan patah yang menghalangi jalan.",
        "icon": "tree",
        "agency": "bpbd",
        "policy": "Pohon tumbang (24 jam kerja)",
        "weight": 4,
    },
    "adminduk": {
        "name": "Administrasi kependudukan",
        "description": "KTP-el, Kartu Keluarga, akta kelahiran/kematian, pindah datang.",
        "icon": "id",
        "agency": "disdukcapil",
        "policy": "Layanan publik (10 hari kerja)",
        "weight": 6,
    },
    "kesehatan": {
        "name": "Layanan kesehatan/puskesmas",
        "description": "Pelayanan puskesmas, antrean, obat, petugas kesehatan, BPJS di faskes.",
        "icon": "building-hospital",
        "agency": "dinkes",
        "policy": "Layanan publik (10 hari kerja)",
        "weight": 4,
    },
    "bansos": {
        "name": "Bantuan sosial",
        "description": "Bantuan sosial tidak tepat sasaran, belum cair, data DTKS.",
        "icon": "heart-handshake",
        "agency": "dinsos",
        "policy": "Bantuan sosial (20 hari kerja)",
        "weight": 5,
    },
    "sekolah": {
        "name": "Sekolah",
        "description": "Sarana sekolah, pungutan sekolah, penerimaan murid baru, guru.",
        "icon": "school",
        "agency": "disdik",
        "policy": "Standar SP4N-LAPOR! (14 hari kerja)",
        "weight": 3,
    },
    "pungli": {
        "name": "Pungutan liar",
        "description": "Permintaan uang di luar ketentuan oleh aparat atau petugas layanan.",
        "icon": "cash-off",
        "agency": "inspektorat",
        "policy": "Pungutan liar (30 hari kerja)",
        "privacy": "rahasia",
        "weight": 2,
    },
    "lainnya": {
        "name": "Lainnya",
        "description": "Masalah kota yang tidak masuk kategori lain.",
        "icon": "speakerphone",
        "agency": "diskominfo",
        "policy": "Standar SP4N-LAPOR! (14 hari kerja)",
        "weight": 6,
    },
}

# --- People ----------------------------------------------------------------------------------

FIRST_NAMES = [
    "Ronald",
    "Meiske",
    "Jefry",
    "Vicky",
    "Stevanus",
    "Novi",
    "Grace",
    "Fanny",
    "Rivo",
    "Christian",
    "Debby",
    "Yulin",
    "Marlina",
    "Herry",
    "Frangky",
    "Jemmy",
    "Olvie",
    "Sandra",
    "Inggrid",
    "Meidy",
    "Deisy",
    "Jeane",
    "Ferdinand",
    "Rudy",
    "Hendra",
    "Alfrets",
    "Youla",
    "Stenly",
    "Recky",
    "Vonny",
    "Lenny",
    "Wenny",
    "Ketty",
    "Denny",
    "Hanny",
    "Rinny",
    "Sherly",
    "Julius",
    "Fransiskus",
    "Billy",
    "Johan",
    "Marthen",
    "Agustinus",
    "Maria",
    "Theresia",
    "Rahmat",
    "Siti",
    "Abdul",
    "Nurhayati",
    "Fadli",
    "Irwan",
    "Sri",
    "Yusuf",
    "Aisyah",
    "Rizky",
    "Dewi",
    "Andi",
    "Putri",
    "Aldo",
    "Nadya",
    "Gabriel",
    "Kezia",
    "Juan",
    "Angel",
]
LAST_NAMES = [
    "Wenas",
    "Tumbelaka",
    "Rondonuwu",
    "Mandagi",
    "Pangemanan",
    "Kaunang",
    "Lengkong",
    "Rumengan",
    "Tambuwun",
    "Sumampouw",
    "Tumiwa",
    "Mamahit",
    "Karundeng",
    "Warouw",
    "Lasut",
    "Supit",
    "Runtuwene",
    "Kalalo",
    "Pinontoan",
    "Rorimpandey",
    "Sumual",
    "Tangkilisan",
    "Walangitan",
    "Manoppo",
    "Mokoginta",
    "Paputungan",
    "Damopolii",
    "Makagansa",
    "Tatengkeng",
    "Kumaat",
    "Polii",
    "Lumowa",
    "Mewengkang",
    "Sengkey",
    "Tooy",
    "Wowor",
    "Kawengian",
    "Londa",
    "Moningka",
    "Rantung",
    "Sondakh",
    "Tumewu",
    "Pakaya",
    "Hasan",
    "Lamato",
    "Daud",
    "Rahman",
    "Sahempa",
    "Baginda",
    "Mangindaan",
]

# --- Places ------------------------------------------------------------------------------
# Streets and landmarks per kecamatan (approximate, for plausible demo text).

PLACES = {
    "Wenang": {
        "jalan": [
            "Jl. Sam Ratulangi",
            "Jl. Piere Tendean (Boulevard)",
            "Jl. Sudirman",
            "Jl. Walanda Maramis",
            "Jl. Diponegoro",
            "Jl. Sarapung",
            "Jl. Dotulolong Lasut",
            "Jl. 17 Agustus",
        ],
        "patokan": [
            "Pasar 45",
            "Pasar Bersehati",
            "Kawasan Megamas",
            "Jembatan Soekarno",
            "Zero Point",
            "Taman Kesatuan Bangsa",
            "Klenteng Ban Hin Kiong",
        ],
    },
    "Sario": {
        "jalan": [
            "Jl. Sam Ratulangi",
            "Jl. Piere Tendean (Boulevard)",
            "Jl. Ahmad Yani",
            "Jl. Bethesda",
            "Jl. Toar",
        ],
        "patokan": ["Kawasan Megamas", "Stadion Klabat", "Manado Town Square (Mantos)"],
    },
    "Wanea": {
        "jalan": [
            "Jl. Babe Palar",
            "Jl. 17 Agustus",
            "Jl. Sam Ratulangi",
            "Jl. Ring Road",
            "Jl. Bethesda",
            "Jl. Pomorow",
        ],
        "patokan": ["Pasar Karombasan", "Terminal Karombasan"],
    },
    "Malalayang": {
        "jalan": [
            "Jl. Wolter Monginsidi",
            "Jl. Raya Tanawangko",
            "Jl. Kampus Unsrat",
            "Jl. Prof. Dr. R. D. Kandou",
        ],
        "patokan": [
            "Terminal Malalayang",
            "Kampus Unsrat",
            "RSUP Prof. Kandou",
            "Pantai Malalayang",
        ],
    },
    "Tikala": {
        "jalan": ["Jl. Tikala Ares", "Jl. Balai Kota", "Jl. Ring Road", "Jl. Banjer"],
        "patokan": ["Kantor Wali Kota Manado", "Lapangan Tikala"],
    },
    "Paal Dua": {
        "jalan": ["Jl. Yos Sudarso", "Jl. R. E. Martadinata", "Jl. Ring Road", "Jl. Perkamil"],
        "patokan": ["Terminal Paal Dua"],
    },
    "Mapanget": {
        "jalan": ["Jl. A. A. Maramis", "Jl. Raya Kairagi", "Jl. Politeknik", "Jl. Raya Paniki"],
        "patokan": [
            "Bandara Sam Ratulangi",
            "Kawasan Industri Manado (KIMA)",
            "Politeknik Negeri Manado",
        ],
    },
    "Tuminting": {
        "jalan": ["Jl. Raya Tuminting", "Jl. Sindulang", "Jl. Raya Sumompo"],
        "patokan": ["Pasar Tuminting", "Jembatan Soekarno", "TPA Sumompo"],
    },
    "Singkil": {
        "jalan": ["Jl. Raya Singkil", "Jl. Ketang Baru", "Jl. Kombos"],
        "patokan": ["kantor Camat Singkil"],
    },
    "Bunaken": {
        "jalan": ["Jl. Raya Molas", "Jl. Raya Tongkaina", "Jl. Raya Meras"],
        "patokan": ["Pantai Molas"],
    },
    "Bunaken Kepulauan": {
        "jalan": ["jalan kampung", "jalan setapak dekat dermaga"],
        "patokan": ["dermaga Pulau Bunaken", "dermaga Manado Tua"],
    },
}
# Landmarks every kelurahan has some of.
LOCAL_LANDMARKS = [
    "kantor lurah",
    "gereja",
    "masjid",
    "SD Negeri",
    "warung",
    "pos kamling",
    "apotek",
    "rumah duka",
    "lapangan",
    "kios pulsa",
    "bengkel motor",
    "tempat cuci motor",
]
LINGKUNGAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
SINCE = [
    "sejak 3 hari lalu",
    "so 2 minggu",
    "dari kemarin",
    "sudah lebih dari seminggu",
    "sdh hampir sebulan",
    "dari minggu lalu",
    "sejak hujan deras kemarin",
    "sudah berbulan-bulan",
    "dari tadi pagi",
    "sejak awal bulan",
]

# --- Complaint texts -----------------------------------------------------------------------

OPENERS = [
    "",
    "",
    "",
    "Selamat pagi Pak/Bu. ",
    "Selamat siang admin. ",
    "Syalom, ",
    "Assalamualaikum. ",
    "Permisi, mau melapor. ",
    "Tolong perhatian Pemkot Manado. ",
    "Min, ",
    "Mohon ijin melaporkan, ",
    "Kepada Yth. Command Center, ",
]
CLOSERS = [
    "",
    "",
    " Mohon segera ditindaklanjuti.",
    " Mohon segera ditindaklanjuti, terima kasih.",
    " Terima kasih atas perhatiannya.",
    " Tolong dibantu pak.",
    " Makasih.",
    " Mohon perhatiannya.",
    " Trims.",
    " Semoga cepat ditangani.",
    " Kasiang warga di sini.",
    " Sudah pernah dilapor tapi blm ada tindakan.",
]

# Per category, the reports people write. Each has a few titles (a chat message has none),
# the text, and what the agency answers when it is done, so the timeline reads as one story.
TEXTS = {
    "jalan-rusak": [
        {
            "titles": ["Jalan berlubang di {jalan}", "Lubang besar di {jalan} dekat {patokan}"],
            "text": "Ada lubang besar di {lokasi}, {lama}. Kalau hujan lubang tertutup air "
            "jadi tidak kelihatan, sudah ada pengendara motor yang jatuh.",
            "done": [
                "Tim {agency} sudah menambal lubang dengan aspal hotmix pada ruas {jalan}.",
                "Lubang sudah ditutup sementara dengan sirtu dan dipadatkan; pengaspalan ulang "
                "masuk jadwal pemeliharaan berkala.",
            ],
        },
        {
            "titles": ["Aspal mengelupas di {jalan}", "Jalan rusak parah di Kel. {kel}"],
            "text": "Jalan di {lokasi} rusak parah, aspal mengelupas sepanjang kurang lebih "
            "50 meter. Kendaraan harus zig-zag menghindari lubang.",
            "done": [
                "Perbaikan tambal sulam sudah dilakukan sepanjang ruas yang dilaporkan, "
                "{n} titik kerusakan ditutup.",
                "Lapisan aspal yang mengelupas sudah dikupas dan diaspal ulang oleh tim {agency}.",
            ],
        },
        {
            "titles": ["Jalan berlubang depan {patokan}", "Lubang dalam di {jalan}"],
            "text": "Di {jalan} depan {patokan} so berlubang {lama}, dalamnya kira-kira 20 cm. "
            "Bahaya skali for motor apalagi malam hari.",
            "done": ["Lubang sudah ditambal dengan aspal hotmix dan dipadatkan."],
        },
        {
            "titles": ["Lubang makin lebar di {jalan}", "Mobil pecah ban di lubang {jalan}"],
            "text": "Lubang di tengah {jalan} makin lebar. Kemarin ada mobil yang pecah ban di "
            "situ. Lokasi: {lokasi}.",
            "done": ["Lubang sudah ditambal oleh tim {agency} dan rambu sementara dilepas."],
        },
        {
            "titles": ["Jalan lingkungan rusak di Kel. {kel}", "Jalan berbatu Lingkungan {ling}"],
            "text": "Jalan lingkungan di Lingkungan {ling} Kel. {kel} rusak dan berbatu, tidak "
            "pernah diaspal ulang. Anak sekolah susah lewat kalau hujan.",
            "done": [
                "Jalan lingkungan sudah diratakan dan ditimbun sirtu; pengaspalan diusulkan "
                "dalam anggaran pemeliharaan tahun depan.",
                "Perkerasan jalan lingkungan sepanjang {n}0 meter sudah selesai dikerjakan.",
            ],
        },
        {
            "titles": ["Bekas galian tidak ditutup di {jalan}"],
            "text": "Bekas galian pipa di {jalan} tidak ditutup dengan baik, sekarang jadi "
            "lubang dan berlumpur. Dekat {patokan}.",
            "done": [
                "Pelaksana galian sudah dipanggil dan bekas galian dikembalikan seperti "
                "semula (diaspal).",
            ],
        },
        {
            "titles": ["Trotoar rusak di {jalan}", "Trotoar pecah dekat {patokan}"],
            "text": "Trotoar di {lokasi} banyak yang pecah dan berlubang, pejalan kaki terpaksa "
            "turun ke jalan.",
            "done": ["Trotoar yang rusak sudah diganti paving baru dan dirapikan."],
        },
        {
            "titles": ["Lubang besar depan {patokan}"],
            "text": "jalan depan {patokan} {jalan} ada lubang besar, so ada yg kase tanda pake "
            "ban bekas mar blm diperbaiki",
            "done": ["Lubang sudah ditambal; ban bekas penanda sudah diangkat."],
        },
        {
            "titles": ["Jalan amblas di {jalan}", "Permukaan jalan bergelombang di {jalan}"],
            "text": "Permukaan {jalan} bergelombang dan amblas sebagian di sisi kiri, {lama}. "
            "Mohon dicek sebelum ada korban.",
            "done": [
                "Bagian jalan yang amblas sudah digali, dipadatkan ulang dan diaspal. "
                "Rambu hati-hati dipasang selama pengerasan.",
            ],
        },
    ],
    "drainase": [
        {
            "titles": ["Selokan tersumbat di {jalan}", "Air selokan meluap ke rumah warga"],
            "text": "Selokan di {lokasi} tersumbat sampah dan lumpur. Tiap hujan air meluap ke "
            "jalan dan masuk ke rumah warga.",
            "done": [
                "Saluran sudah dibersihkan dan lumpur diangkut oleh tim {agency}.",
                "Normalisasi saluran sepanjang kurang lebih {n}0 meter sudah dilaksanakan.",
            ],
        },
        {
            "titles": ["Got mampet dekat {patokan}", "Got bau dan banyak nyamuk di Kel. {kel}"],
            "text": "Got di samping {patokan} mampet {lama}, air tergenang dan bau. Banyak nyamuk.",
            "done": ["Got sudah dikeruk dan air kembali mengalir; lokasi disemprot disinfektan."],
        },
        {
            "titles": ["Penutup saluran rusak di {jalan}", "Plat beton got pecah dekat {patokan}"],
            "text": "Penutup saluran (plat beton) di {jalan} pecah dan berlubang, berbahaya "
            "untuk pejalan kaki. Lokasi dekat {patokan}.",
            "done": ["Penutup saluran yang rusak sudah diganti dengan plat beton baru."],
        },
        {
            "titles": ["Saluran air tidak mengalir di Kel. {kel}"],
            "text": "Saluran air di Lingkungan {ling} Kel. {kel} tidak mengalir karena tertutup "
            "sedimen. Mohon dikeruk.",
            "done": ["Sedimen sudah dikeruk sepanjang {n}0 meter; saluran kembali lancar."],
        },
        {
            "titles": ["Drainase penuh lumpur di {jalan}"],
            "text": "drainase di {jalan} so penuh lumpur, tiap hujan sedikit langsung tagenang",
            "done": ["Lumpur di saluran sudah diangkat oleh tim {agency} ({n} truk)."],
        },
        {
            "titles": ["Gorong-gorong tersumbat di {jalan}"],
            "text": "Gorong-gorong di bawah {jalan} tersumbat, air dari atas tidak bisa lewat "
            "dan meluber ke badan jalan, {lama}.",
            "done": ["Gorong-gorong sudah dibersihkan; air kembali mengalir lancar."],
        },
    ],
    "banjir": [
        {
            "titles": ["Banjir di Kel. {kel}", "Air masuk rumah warga di {kel}"],
            "text": "Banjir setinggi lutut di {lokasi}, air masuk ke rumah warga. Ada lansia "
            "yang perlu dievakuasi.",
            "done": [
                "Tim reaksi cepat {agency} sudah turun ke lokasi, warga lansia dievakuasi ke "
                "rumah keluarga dan air sudah surut.",
            ],
        },
        {
            "titles": ["Genangan tinggi di {jalan}", "{jalan} tergenang"],
            "text": "Genangan air di {jalan} dekat {patokan} setinggi kurang lebih 40 cm, "
            "kendaraan kecil tidak bisa lewat.",
            "done": [
                "Pompa air dikerahkan ke lokasi; genangan sudah surut dan jalan bisa dilalui."
            ],
        },
        {
            "titles": ["Air sungai masuk permukiman Lingkungan {ling} {kel}"],
            "text": "Air sungai naik dan masuk permukiman di Lingkungan {ling} Kel. {kel}. "
            "Warga butuh bantuan perahu karet dan makanan.",
            "done": [
                "Bantuan logistik sudah disalurkan kepada {n}0 kepala keluarga terdampak; "
                "perahu karet disiagakan sampai air surut.",
            ],
        },
        {
            "titles": ["Genangan setiap hujan di {jalan}"],
            "text": "setiap hujan deras {jalan} pasti tagenang, skrg air so setinggi betis. "
            "tolong dicek penyebabnya",
            "done": [
                "Penanganan darurat selesai; saluran penyebab genangan dibersihkan bersama "
                "kelurahan.",
            ],
        },
        {
            "titles": ["Genangan tidak surut di {jalan}"],
            "text": "Genangan di {lokasi} tidak surut-surut {lama}, air jadi kotor dan bau.",
            "done": ["Genangan sudah disedot dengan pompa portabel dan lokasi dibersihkan."],
        },
    ],
    "sampah": [
        {
            "titles": ["TPS penuh dekat {patokan}", "Sampah menumpuk di TPS {jalan}"],
            "text": "Sampah di TPS {lokasi} sudah menumpuk dan tidak diangkut {lama}. Bau "
            "sekali dan mulai meluber ke jalan.",
            "done": [
                "Sampah sudah diangkut oleh armada {agency}; lokasi sudah dibersihkan.",
                "Petugas kebersihan sudah membersihkan TPS, {n} rit sampah diangkut ke TPA.",
            ],
        },
        {
            "titles": ["Truk sampah tidak lewat di Kel. {kel}"],
            "text": "Truk sampah tidak lewat di Lingkungan {ling} Kel. {kel} sejak minggu lalu. "
            "Warga terpaksa bakar sampah.",
            "done": [
                "Jadwal pengangkutan di wilayah ini sudah dinormalkan, truk lewat setiap hari."
            ],
        },
        {
            "titles": ["Pembuangan sampah liar di {jalan}"],
            "text": "Ada pembuangan sampah liar di pinggir {jalan} dekat {patokan}. Tiap malam "
            "orang buang sampah di situ.",
            "done": [
                "Lokasi pembuangan liar sudah dibersihkan dan dipasang papan larangan membuang "
                "sampah.",
            ],
        },
        {
            "titles": ["Sampah tatumpuk depan {patokan}"],
            "text": "sampah di depan {patokan} so tatumpuk, anjing deng tikus bongkar-bongkar. "
            "tlg diangkut",
            "done": ["Sampah sudah diangkut dan lokasi disapu bersih oleh petugas {agency}."],
        },
        {
            "titles": ["Sampah berserakan setelah acara di dekat {patokan}"],
            "text": "Sampah di sekitar {patokan} berserakan setelah acara kemarin dan belum "
            "dibersihkan sampai sekarang.",
            "done": ["Lokasi sudah dibersihkan oleh pasukan kebersihan {agency}."],
        },
        {
            "titles": ["Bak sampah rusak di {jalan}"],
            "text": "Bak sampah di {jalan} rusak dan penuh, sampah jatuh ke selokan.",
            "done": ["Sampah sudah diangkut dan bak sampah diganti dengan kontainer baru."],
        },
        {
            "titles": ["Sampah plastik di pantai dekat {patokan}"],
            "text": "Sampah plastik menumpuk di pantai dekat {patokan}, terbawa arus setelah "
            "hujan.",
            "done": [
                "Aksi bersih pantai sudah dilakukan bersama warga; {n}0 karung sampah diangkut.",
            ],
        },
    ],
    "lampu-jalan": [
        {
            "titles": ["Lampu jalan padam di {jalan}", "PJU mati dekat {patokan}"],
            "text": "Lampu jalan di {lokasi} padam {lama}. Malam hari gelap sekali, rawan "
            "kecelakaan dan kejahatan.",
            "done": ["Lampu PJU sudah diganti dengan lampu LED baru dan menyala normal."],
        },
        {
            "titles": ["{n} titik PJU mati di {jalan}"],
            "text": "Ada {n} titik lampu PJU yang mati di sepanjang {jalan} dekat {patokan}.",
            "done": [
                "Perbaikan kabel dan penggantian {n} unit lampu sudah dilakukan oleh {agency}."
            ],
        },
        {
            "titles": ["Lampu jalan berkedip di Kel. {kel}"],
            "text": "Lampu jalan di Lingkungan {ling} Kel. {kel} berkedip-kedip lalu mati, "
            "sudah begitu {lama}.",
            "done": ["MCB panel PJU yang rusak sudah diganti; seluruh lampu di ruas ini menyala."],
        },
        {
            "titles": ["Lampu jalan mati satu ruas {jalan}"],
            "text": "lampu jalan di {jalan} mati smua, gelap gulita kalo malam. so ada jambret "
            "kemarin",
            "done": ["Gangguan panel sudah diperbaiki; lampu di ruas ini menyala semua."],
        },
        {
            "titles": ["Tiang lampu jalan miring di {jalan}"],
            "text": "Tiang lampu jalan di {jalan} miring dan lampunya tidak menyala, dekat "
            "{patokan}.",
            "done": ["Tiang lampu sudah ditegakkan kembali dan lampunya diganti."],
        },
    ],
    "lampu-lalin": [
        {
            "titles": ["Traffic light mati di {jalan}", "Lampu merah mati dekat {patokan}"],
            "text": "Traffic light di simpang {jalan} dekat {patokan} mati {lama}. Kendaraan "
            "saling serobot, hampir tabrakan.",
            "done": ["Controller traffic light sudah diperbaiki, lampu berfungsi normal."],
        },
        {
            "titles": ["Lampu lalu lintas hanya kuning berkedip di {jalan}"],
            "text": "Lampu lalu lintas di {lokasi} hanya menyala kuning berkedip sejak pagi, "
            "terjadi kemacetan panjang.",
            "done": ["Modul lampu yang rusak sudah diganti; siklus lampu kembali normal."],
        },
        {
            "titles": ["Lampu merah tidak sinkron di {jalan}"],
            "text": "lampu merah di {jalan} nda sinkron, hijau dari 2 arah sekaligus. bahaya skali",
            "done": ["Pengaturan waktu nyala lampu sudah disinkronkan ulang oleh tim {agency}."],
        },
        {
            "titles": ["Tiang traffic light tertabrak di {jalan}"],
            "text": "Tiang traffic light di {jalan} tertabrak kendaraan dan miring ke jalan.",
            "done": ["Tiang lampu lalu lintas sudah diganti dan dipasang kembali."],
        },
    ],
    "parkir-liar": [
        {
            "titles": ["Parkir liar bikin macet di {jalan}", "Parkir di bahu jalan {jalan}"],
            "text": "Banyak mobil parkir di bahu {jalan} dekat {patokan}, jalan jadi satu lajur "
            "dan macet setiap sore.",
            "done": [
                "Petugas {agency} sudah melakukan penertiban dan penggembokan roda kendaraan.",
                "Rambu larangan parkir sudah dipasang dan patroli penertiban dijadwalkan rutin.",
            ],
        },
        {
            "titles": ["Trotoar dipakai parkir di {jalan}"],
            "text": "Trotoar di {lokasi} dipakai parkir motor, pejalan kaki harus lewat di jalan.",
            "done": ["Kendaraan yang parkir di trotoar sudah ditertibkan, pemilik diberi teguran."],
        },
        {
            "titles": ["Mobil menghalangi gang di Kel. {kel}"],
            "text": "Ada mobil yang parkir di depan pintu masuk gang Lingkungan {ling} Kel. "
            "{kel} {lama}, warga tidak bisa keluar masuk.",
            "done": ["Pemilik kendaraan sudah ditemui dan kendaraan dipindahkan."],
        },
        {
            "titles": ["Tukang parkir liar di {jalan}"],
            "text": "parkir liar di {jalan} depan {patokan} makin parah, tukang parkir minta "
            "uang padahal di situ dilarang parkir",
            "done": ["Juru parkir liar sudah ditertibkan bersama Satpol PP; rambu dipertegas."],
        },
    ],
    "ketertiban": [
        {
            "titles": ["PKL di trotoar {jalan}", "Pedagang menutup jalan dekat {patokan}"],
            "text": "Pedagang kaki lima berjualan di trotoar {jalan} dekat {patokan} sampai ke "
            "badan jalan. Macet dan pejalan kaki tidak ada tempat.",
            "done": [
                "Personel {agency} sudah menertibkan pedagang; lapak dipindahkan ke lokasi "
                "yang diizinkan.",
            ],
        },
        {
            "titles": ["Bangunan liar di atas saluran di Kel. {kel}"],
            "text": "Ada bangunan liar/lapak permanen dibangun di atas saluran di {lokasi}.",
            "done": [
                "Pemilik bangunan sudah diberi surat teguran pertama dan diminta membongkar "
                "sendiri dalam 7 hari.",
            ],
        },
        {
            "titles": ["Keributan malam hari di {jalan}"],
            "text": "Tiap malam ada anak muda kumpul minum dan bikin ribut di {jalan} "
            "Lingkungan {ling}, warga terganggu.",
            "done": [
                "Patroli malam dilakukan bersama kelurahan; kelompok yang berkumpul dibubarkan."
            ],
        },
        {
            "titles": ["Lapak jualan makan badan jalan dekat {patokan}"],
            "text": "lapak jualan di dekat {patokan} so makan setengah jalan, tlg ditertibkan",
            "done": ["Lapak sudah ditertibkan dan dimundurkan dari badan jalan."],
        },
        {
            "titles": ["Spanduk liar di {jalan}"],
            "text": "Baliho dan spanduk liar dipasang di pohon dan tiang listrik sepanjang "
            "{jalan}.",
            "done": ["Spanduk dan baliho liar sudah diturunkan ({n}0 buah)."],
        },
    ],
    "pohon-tumbang": [
        {
            "titles": ["Pohon tumbang di {jalan}", "Pohon tumbang tutup jalan dekat {patokan}"],
            "text": "Pohon besar tumbang di {lokasi} dan menutup sebagian jalan. Kendaraan "
            "tidak bisa lewat.",
            "done": ["Tim {agency} sudah memotong dan mengevakuasi pohon; jalan bisa dilalui."],
        },
        {
            "titles": ["Pohon tumbang timpa pagar rumah di Kel. {kel}"],
            "text": "Ada pohon tumbang menimpa kabel dan pagar rumah warga di Lingkungan {ling} "
            "Kel. {kel} setelah angin kencang.",
            "done": [
                "Pohon sudah dipotong dan disingkirkan; kabel yang tertimpa sudah dilaporkan "
                "ke PLN untuk diperbaiki.",
            ],
        },
        {
            "titles": ["Dahan pohon rawan patah di {jalan}"],
            "text": "Dahan pohon besar di {jalan} dekat {patokan} sudah retak dan menggantung, "
            "rawan jatuh ke pengendara.",
            "done": ["Dahan yang rawan patah sudah dipangkas oleh tim gabungan."],
        },
        {
            "titles": ["Pohon tumbang barusan di {jalan}"],
            "text": "pohon tumbang di {jalan} barusan, tutup jalan. tolong cepat",
            "done": ["Pohon sudah dipotong dan dibersihkan dari badan jalan."],
        },
    ],
    "adminduk": [
        {
            "titles": ["KTP-el belum dicetak", "KTP-el belum jadi"],
            "text": "Saya sudah rekam KTP-el {lama} tapi sampai sekarang belum dicetak, "
            "katanya blangko habis. Saya warga Kel. {kel}.",
            "done": ["KTP-el pelapor sudah dicetak dan dapat diambil melalui kantor kelurahan."],
        },
        {
            "titles": ["Kartu Keluarga belum diterbitkan"],
            "text": "Pengurusan Kartu Keluarga setelah pindah datang belum selesai padahal "
            "berkas lengkap. Saya tinggal di Lingkungan {ling} Kel. {kel}.",
            "done": ["Kartu Keluarga pelapor sudah diterbitkan dan dikirim dalam bentuk PDF."],
        },
        {
            "titles": ["Antrean Disdukcapil terlalu lama"],
            "text": "Antrean di kantor Disdukcapil panjang sekali, datang jam 7 pagi baru "
            "dilayani jam 1 siang. Mohon ditambah loket.",
            "done": ["Loket pelayanan ditambah dua dan nomor antrean online sudah diaktifkan."],
        },
        {
            "titles": ["Akta kelahiran anak belum selesai"],
            "text": "Akta kelahiran anak saya belum jadi {lama}, tiap kali tanya disuruh tunggu.",
            "done": ["Akta kelahiran sudah terbit; pelapor sudah dihubungi untuk pengambilan."],
        },
        {
            "titles": ["Aplikasi pendaftaran adminduk error"],
            "text": "aplikasi pendaftaran online adminduk error terus, nda bisa upload berkas",
            "done": [
                "Kendala aplikasi sudah diperbaiki; pelapor sudah berhasil mengunggah berkas."
            ],
        },
    ],
    "kesehatan": [
        {
            "titles": ["Pelayanan puskesmas lambat"],
            "text": "Pelayanan di puskesmas dekat Kel. {kel} sangat lambat, dokter datang "
            "terlambat dan pasien menunggu berjam-jam.",
            "done": ["Kepala puskesmas sudah diberi pembinaan; jadwal jaga dokter diperketat."],
        },
        {
            "titles": ["Obat kosong di puskesmas"],
            "text": "Obat untuk penyakit kronis kosong di puskesmas {lama}, pasien disuruh "
            "beli di apotek luar.",
            "done": ["Stok obat sudah dipenuhi dari gudang farmasi kota."],
        },
        {
            "titles": ["Petugas puskesmas tidak ramah"],
            "text": "Petugas pendaftaran puskesmas bicara kasar kepada pasien lansia.",
            "done": ["Petugas yang bersangkutan sudah diberi teguran dan pembinaan pelayanan."],
        },
        {
            "titles": ["Fogging DBD belum dilakukan di Kel. {kel}"],
            "text": "Di Lingkungan {ling} Kel. {kel} sudah ada {n} anak kena DBD tapi belum ada "
            "fogging.",
            "done": ["Fogging fokus sudah dilaksanakan di lingkungan pelapor bersama kader."],
        },
        {
            "titles": ["Pasien BPJS ditolak puskesmas"],
            "text": "pasien BPJS ditolak di puskesmas dgn alasan kartu tdk aktif padahal sdh "
            "dibayar",
            "done": [
                "Status kepesertaan sudah dicek bersama BPJS Kesehatan; pasien sudah dilayani.",
            ],
        },
    ],
    "bansos": [
        {
            "titles": ["Bansos tidak tepat sasaran di Kel. {kel}"],
            "text": "Tetangga saya yang mampu dapat bantuan sosial, sedangkan janda lansia di "
            "Lingkungan {ling} Kel. {kel} tidak dapat.",
            "done": [
                "Petugas {agency} sudah melakukan verifikasi lapangan; data penerima "
                "diperbarui dan lansia tersebut diusulkan sebagai penerima.",
            ],
        },
        {
            "titles": ["Bantuan sosial belum diterima"],
            "text": "Nama saya terdaftar sebagai penerima bantuan tapi sampai sekarang belum "
            "terima apa-apa, {lama}.",
            "done": ["Bantuan sudah disalurkan kepada pelapor melalui kantor pos."],
        },
        {
            "titles": ["Data DTKS keluarga salah"],
            "text": "Data di DTKS keluarga saya salah, anggota keluarga yang sudah meninggal "
            "masih tercatat.",
            "done": ["Data DTKS keluarga pelapor sudah diperbaiki dalam pemutakhiran bulan ini."],
        },
        {
            "titles": ["Keluarga tidak mampu belum dapat bantuan"],
            "text": "kami keluarga tidak mampu di {kel} sdh daftar ke kelurahan tapi nda "
            "pernah dapa bantuan",
            "done": ["Pelapor sudah diusulkan masuk DTKS melalui musyawarah kelurahan."],
        },
    ],
    "sekolah": [
        {
            "titles": ["Atap kelas bocor di SD Kel. {kel}"],
            "text": "Atap ruang kelas di SD Negeri di Kel. {kel} bocor, kalau hujan murid "
            "dipulangkan.",
            "done": ["Perbaikan atap kelas sudah dilakukan melalui dana pemeliharaan sekolah."],
        },
        {
            "titles": ["Pungutan uang pagar di sekolah negeri"],
            "text": "Sekolah anak saya meminta uang pembangunan pagar padahal sekolah negeri.",
            "done": ["Kepala sekolah sudah dipanggil; pungutan dibatalkan dan uang dikembalikan."],
        },
        {
            "titles": ["Toilet sekolah rusak"],
            "text": "Toilet sekolah rusak {lama}, anak-anak harus pulang ke rumah kalau mau ke WC.",
            "done": ["Toilet sudah diperbaiki dan bisa digunakan kembali."],
        },
        {
            "titles": ["Guru sering tidak masuk kelas"],
            "text": "guru kelas anak saya sering tdk masuk, murid dibiarkan main saja",
            "done": ["Guru yang bersangkutan sudah dibina oleh pengawas sekolah."],
        },
    ],
    "pungli": [
        {
            "titles": ["Permintaan uang saat mengurus surat"],
            "text": "Saat mengurus surat keterangan di kelurahan saya diminta uang Rp100.000 "
            "oleh oknum petugas, tanpa kuitansi.",
            "done": [
                "Laporan sudah diperiksa oleh {agency}; oknum yang bersangkutan dijatuhi "
                "hukuman disiplin sesuai ketentuan.",
            ],
        },
        {
            "titles": ["Pungli oleh oknum petugas di sekitar {patokan}"],
            "text": "Oknum petugas lapangan meminta 'uang rokok' kepada pedagang di sekitar "
            "{patokan} setiap minggu.",
            "done": [
                "Pemeriksaan khusus sudah dilakukan; oknum diberi sanksi dan pungutan dihentikan.",
            ],
        },
        {
            "titles": ["Uang pelicin pengurusan izin"],
            "text": "Untuk mempercepat pengurusan izin saya diminta uang pelicin. Saya punya "
            "bukti percakapan.",
            "done": [
                "Hasil pemeriksaan sudah disampaikan kepada pimpinan; uang dikembalikan kepada "
                "pelapor.",
            ],
        },
        {
            "titles": ["Oknum minta uang untuk daftar bantuan"],
            "text": "ada oknum yg minta uang ke warga supaya nama masuk daftar penerima bantuan",
            "done": ["Oknum sudah diperiksa dan diberhentikan dari tugas pendataan."],
        },
    ],
    "lainnya": [
        {
            "titles": ["Anjing liar berkeliaran di Kel. {kel}"],
            "text": "Banyak anjing liar berkeliaran di Lingkungan {ling} Kel. {kel}, sudah ada "
            "anak yang digigit.",
            "done": ["Sudah dikoordinasikan dengan dinas terkait; vaksinasi rabies dilakukan."],
        },
        {
            "titles": ["Papan nama jalan hilang di {jalan}"],
            "text": "Papan nama jalan di {jalan} hilang, orang dari luar susah cari alamat.",
            "done": ["Papan nama jalan sudah dipasang kembali."],
        },
        {
            "titles": ["Fasilitas taman rusak dekat {patokan}"],
            "text": "Bangku dan lampu taman dekat {patokan} rusak, tempat jadi gelap dan kotor.",
            "done": ["Bangku dan lampu taman sudah diperbaiki."],
        },
        {
            "titles": ["Situs web pemkot tidak bisa dibuka"],
            "text": "Situs web pemkot tdk bisa dibuka {lama}, mau cari info layanan susah.",
            "done": ["Gangguan layanan situs web sudah dipulihkan oleh tim {agency}."],
        },
        {
            "titles": ["Musik keras tempat hiburan di {jalan}"],
            "text": "bunyi musik keras dari tempat hiburan di {jalan} sampe jam 3 pagi tiap malam",
            "done": ["Pengelola tempat hiburan sudah diberi teguran tertulis soal jam operasi."],
        },
    ],
}

# Reports about something that is not the city's to fix: each names the body it goes to.
# kecamatan: where such a report can plausibly come from (None: anywhere).
HAND_OFFS = {
    "lampu-jalan": [
        {
            "body": "pln",
            "kecamatan": None,
            "title": "Listrik padam dan lampu jalan mati di Kel. {kel}",
            "text": "Listrik satu lorong di Lingkungan {ling} Kel. {kel} padam, lampu jalan "
            "juga mati. Kabel di tiang putus kena dahan pohon.",
            "note": "Gangguan berasal dari jaringan listrik PLN, bukan lampu PJU kota. Laporan "
            "sudah kami teruskan kepada {body}; pelapor dapat memantau melalui {contact}.",
        },
    ],
    "jalan-rusak": [
        {
            "body": "bpjn",
            "kecamatan": ["Mapanget"],
            "jalan": "Jl. A. A. Maramis",
            "title": "Jalan berlubang di Jl. A. A. Maramis",
            "text": "Jl. A. A. Maramis arah Bitung dekat {patokan} banyak lubang besar, truk "
            "kontainer lewat tiap hari jadi makin parah.",
            "note": "Ruas ini jalan nasional yang dipelihara {body}. Laporan sudah kami "
            "teruskan; informasi lanjut: {contact}.",
        },
        {
            "body": "puprprov",
            "kecamatan": ["Malalayang"],
            "jalan": "Jl. Raya Tanawangko",
            "title": "Jalan rusak di Jl. Raya Tanawangko",
            "text": "Aspal di Jl. Raya Tanawangko Kel. {kel} rusak dan longsor sebagian di "
            "tepi tebing. Mohon segera diperbaiki.",
            "note": "Ruas ini jalan provinsi, kewenangan {body}. Laporan sudah kami teruskan; "
            "pelapor dapat menghubungi {contact}.",
        },
    ],
    "banjir": [
        {
            "body": "bws",
            "kecamatan": ["Wenang", "Singkil", "Tuminting", "Paal Dua", "Tikala"],
            "title": "Tanggul Sungai Tondano jebol di Kel. {kel}",
            "text": "Tanggul Sungai Tondano di Lingkungan {ling} Kel. {kel} jebol sebagian, "
            "setiap air naik langsung masuk ke rumah warga.",
            "note": "Tanggul dan alur Sungai Tondano adalah kewenangan {body}. BPBD Kota tetap "
            "siaga untuk penanganan darurat; laporan diteruskan ke {contact}.",
        },
    ],
    "drainase": [
        {
            "body": "bws",
            "kecamatan": ["Sario", "Wenang"],
            "title": "Muara sungai dangkal penuh sedimen",
            "text": "Muara sungai dekat {patokan} dangkal penuh sedimen dan sampah, air dari "
            "saluran kota tidak bisa keluar ke laut.",
            "note": "Normalisasi sungai dan muara adalah kewenangan {body}. Laporan sudah kami "
            "teruskan; kontak: {contact}.",
        },
    ],
    "parkir-liar": [
        {
            "body": "polresta",
            "kecamatan": None,
            "title": "Mobil ditinggal berbulan-bulan di {jalan}",
            "text": "Ada mobil tanpa plat nomor ditinggal di pinggir {jalan} dekat {patokan} "
            "{lama}, warga curiga kendaraan curian.",
            "note": "Dugaan tindak pidana (kendaraan curian) ditangani {body}. Laporan sudah "
            "kami teruskan; pelapor juga dapat menghubungi {contact}.",
        },
    ],
    "lainnya": [
        {
            "body": "pdam",
            "kecamatan": None,
            "title": "Air PDAM tidak mengalir di Kel. {kel}",
            "text": "Air PDAM di Lingkungan {ling} Kel. {kel} tidak mengalir {lama}, warga "
            "terpaksa beli air galon untuk masak.",
            "note": "Layanan air minum adalah kewenangan {body}. Laporan sudah kami teruskan; "
            "pelapor dapat menghubungi {contact}.",
        },
        {
            "body": "pdam",
            "kecamatan": None,
            "title": "Pipa air bocor di {jalan}",
            "text": "Pipa air di {jalan} dekat {patokan} bocor besar, air terbuang ke jalan "
            "{lama}.",
            "note": "Jaringan pipa milik {body}. Laporan sudah kami teruskan; kontak: {contact}.",
        },
        {
            "body": "pln",
            "kecamatan": None,
            "title": "Tiang listrik miring di {jalan}",
            "text": "Tiang listrik di {jalan} miring hampir roboh ke arah rumah warga, kabel "
            "kendor sampai dekat kepala.",
            "note": "Tiang dan kabel jaringan listrik milik {body}. Laporan sudah kami "
            "teruskan; pelapor dapat memantau lewat {contact}.",
        },
        {
            "body": "polresta",
            "kecamatan": None,
            "title": "Balap liar tiap malam di {jalan}",
            "text": "Setiap malam Minggu ada balap liar di {jalan} dekat {patokan}, sangat "
            "berbahaya dan bising sampai subuh.",
            "note": "Balap liar adalah pelanggaran lalu lintas yang ditindak {body}. Laporan "
            "sudah kami teruskan; darurat: {contact}.",
        },
    ],
}

# Reports the command center rejects, and why.
VAGUE_TEXTS = [
    "tes",
    "coba lapor",
    "jalan rusak",
    "tolong diperbaiki",
    "halo admin",
    "kenapa begini terus??",
    "pemerintah tidak becus!!!",
    "ini bagaimana",
    "lampu",
    "test aplikasi",
]
REJECT_REASONS = [
    "Laporan tidak jelas: lokasi dan permasalahan tidak diuraikan.",
    "Laporan tidak jelas; tidak memuat permasalahan yang dapat ditindaklanjuti.",
    "Bukan pengaduan (uji coba aplikasi).",
    "Isi laporan tidak dapat diverifikasi dan tidak menyebut lokasi.",
]
NO_REPLY_REASON = (
    "Pelapor tidak melengkapi informasi yang diminta; laporan ditutup. Silakan kirim laporan "
    "baru dengan keterangan lengkap."
)

INFO_QUESTIONS = [
    "Mohon dijelaskan lokasi persisnya (nama jalan/lorong atau patokan terdekat).",
    "Mohon kirimkan foto kondisi di lapangan.",
    "Sejak kapan masalah ini terjadi, dan apakah sudah pernah dilaporkan ke kelurahan?",
    "Mohon informasi nomor rumah atau patokan yang bisa dicari petugas.",
]
INFO_ANSWERS = [
    "Lokasinya di lorong samping {patokan}, masuk kira-kira 50 meter.",
    "Sdh dari minggu lalu pak, blm pernah lapor ke kelurahan.",
    "Dekat {patokan}, Lingkungan {ling}. Foto sudah saya kirim.",
    "Di depan rumah cat hijau, sebelah {patokan}.",
    "Masuk dari {jalan}, lorong kedua sebelah kanan.",
]

DISPOSE_NOTES = [
    "",
    "",
    "",
    "Mohon ditindaklanjuti sesuai SOP.",
    "Mohon koordinasi dengan kelurahan setempat.",
    "Sudah ada laporan serupa dari warga sekitar; mohon diprioritaskan.",
]
# Only for what can be seen from the street.
DISPOSE_NOTES_STREET = [
    "Prioritas: lokasi di jalan utama.",
    "Sudah dicek melalui CCTV, kondisi sesuai laporan.",
]
# Categories about a place in the street (the others are about a service or an office).
STREET_CATEGORIES = (
    "jalan-rusak",
    "drainase",
    "banjir",
    "sampah",
    "lampu-jalan",
    "lampu-lalin",
    "parkir-liar",
    "ketertiban",
    "pohon-tumbang",
)
ACCEPT_NOTES = [
    "",
    "",
    "Tim akan turun ke lokasi.",
    "Diterima, dijadwalkan pengecekan lapangan.",
    "Sudah dikoordinasikan dengan kepala bidang.",
]
# Internal notes an agency leaves on a case while it works on it (not public).
AGENCY_COMMENTS = [
    "Sudah survei lokasi, menunggu ketersediaan material.",
    "Menunggu jadwal armada/alat berat.",
    "Perlu koordinasi dengan kelurahan; sudah dihubungi.",
    "Tim lapangan sedang menangani lokasi lain yang lebih darurat; dijadwalkan minggu ini.",
]
VALIDATE_NOTES = ["", "", "Tindak lanjut sesuai laporan.", "Foto bukti sesuai lokasi laporan."]
REWORK_REASONS = [
    "Foto bukti tidak menunjukkan lokasi yang dilaporkan.",
    "Pekerjaan belum tuntas; mohon lampirkan foto setelah pekerjaan selesai.",
    "Foto sebelum dan sesudah tidak dapat dibandingkan; mohon foto dari sudut yang sama.",
    "Uraian tindak lanjut terlalu umum; jelaskan apa yang dikerjakan di lokasi.",
]

# (from category, to agency, reason) for a case its first agency says is not theirs.
TRANSFERS = {
    "jalan-rusak": ("disperkim", "Jalan lingkungan di kompleks perumahan ini aset Disperkim."),
    "drainase": ("dlh", "Saluran tersumbat sampah rumah tangga; pembersihan oleh DLH."),
    "banjir": ("pupr", "Genangan karena saluran primer rusak; perlu perbaikan konstruksi."),
    "sampah": ("pupr", "Sampah berada di dalam saluran drainase primer, kewenangan PUPR."),
    "lampu-jalan": ("dishub", "Lampu yang dilaporkan adalah lampu lalu lintas, bukan PJU."),
    "parkir-liar": ("satpolpp", "Parkir di trotoar berkaitan dengan lapak PKL; perlu Satpol PP."),
    "ketertiban": ("dishub", "Masalah utama adalah parkir di badan jalan, kewenangan Dishub."),
    "pohon-tumbang": ("dlh", "Pohon peneduh jalan dipangkas rutin oleh DLH (bidang taman)."),
    "lainnya": ("dlh", "Masalah kebersihan taman, kewenangan DLH."),
}
TRANSFER_DECLINES = [
    "Sesuai pembagian tugas, lokasi ini tetap kewenangan OPD semula. Mohon ditindaklanjuti.",
    "Pengalihan tidak disetujui; koordinasikan langsung di lapangan.",
]

RATING_COMMENTS = {
    5: [
        "Terima kasih, cepat sekali ditangani!",
        "Mantap, so bagus skarang.",
        "Puas dengan pelayanannya.",
        "",
    ],
    4: ["Sudah ditangani, terima kasih walau agak lama.", "Baik, semoga dijaga terus.", ""],
    3: ["Lumayan, tapi hasilnya kurang rapi.", "Sudah ditangani tapi lama sekali.", ""],
    2: ["Cuma ditambal sementara.", "Terlalu lama, harus lapor berkali-kali.", ""],
    1: ["Belum beres sebenarnya.", "Foto bukti bukan lokasi yang saya laporkan.", ""],
}
REOPEN_REASONS = [
    "Masalahnya belum selesai, kondisi di lapangan masih sama.",
    "Sdh diperbaiki tapi rusak lagi setelah hujan kemarin.",
    "Hanya dikerjakan sebagian, sisanya belum.",
    "Foto tindak lanjut bukan lokasi yang saya laporkan.",
]

# Informal spellings used in chat messages.
ABBREVIATIONS = {
    "tidak": "tdk",
    "sudah": "sdh",
    "yang": "yg",
    "dengan": "dgn",
    "karena": "krn",
    "belum": "blm",
    "sekarang": "skrg",
    "untuk": "utk",
    "tolong": "tlg",
}
