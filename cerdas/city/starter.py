"""The starter set of a new installation: perangkat daerah, deadline policies, categories.

The OPD names follow the standard nomenclature of PP 18/2016 and Permendagri 99/2018
(Dinas PUPR, DLH, Dishub, ...); a kabupaten adds what a rural area needs (Dinas
Pertanian, Dinas Pemberdayaan Masyarakat dan Desa), and every kecamatan office is an OPD
of its own (PP 17/2018), made from the area list. Bodies outside the city's authority are
named after the city and province. Deadlines follow SP4N-LAPOR! and Perpres 76/2013.
Everything is a starting point: the admin renames, adds or retires any of it afterwards.

The Manado demo (cerdas/demo/data.py) is built on this set, so a demo and a real city
look the same.
"""

# (code, name, short name): every kota and kabupaten. Inspektorat receives pungli.
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

# What a kabupaten has besides: farmers and villages are most of its people.
REGENCY_OPDS = [
    ("pertanian", "Dinas Pertanian", "Dinas Pertanian"),
    ("dpmd", "Dinas Pemberdayaan Masyarakat dan Desa", "Dinas PMD"),
]

# (code, name, short name, public contact): {city}, {short} and {province} are filled in.
EXTERNALS = [
    ("pln", "PT PLN (Persero)", "PLN", "Aplikasi PLN Mobile atau Contact Center PLN 123"),
    (
        "pdam",
        "Perusahaan Umum Daerah Air Minum (PDAM) {short}",
        "PDAM {short}",
        "Kantor pelayanan pelanggan PDAM {short}",
    ),
    (
        "polres",
        "Kepolisian Resor {short} (Polres)",
        "Polres {short}",
        "Layanan darurat Polri 110 atau SPKT Polres {short}",
    ),
    (
        "bpjn",
        "Balai Pelaksana Jalan Nasional (BPJN) {province}",
        "BPJN {province}",
        "SP4N-LAPOR! (lapor.go.id)",
    ),
    (
        "puprprov",
        "Dinas PUPR Provinsi {province}",
        "Dinas PUPR Prov. {province}",
        "Layanan pengaduan Pemerintah Provinsi {province}; atau SP4N-LAPOR!",
    ),
    (
        "bws",
        "Balai Wilayah Sungai (BWS) wilayah {province}",
        "BWS",
        "SP4N-LAPOR! (lapor.go.id)",
    ),
]

# name: (verify, unit, response, unit, resolution, unit). The first is the default a
# fresh database gets from its migration (complaints 0008).
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
DEFAULT_POLICY = "Standar SP4N-LAPOR! (14 hari kerja)"

# code: name, description, icon, default agency, deadline policy, default privacy.
CATEGORIES = {
    "jalan-rusak": {
        "name": "Jalan rusak/berlubang",
        "description": "Jalan berlubang, aspal mengelupas, jalan amblas, trotoar rusak.",
        "icon": "road",
        "agency": "pupr",
        "policy": "Jalan rusak (14 hari kerja)",
    },
    "drainase": {
        "name": "Drainase/selokan tersumbat",
        "description": "Selokan atau got tersumbat, penutup saluran rusak, air meluap ke jalan.",
        "icon": "pipeline",
        "agency": "pupr",
        "policy": "Drainase (10 hari kerja)",
    },
    "banjir": {
        "name": "Banjir/genangan",
        "description": "Banjir, genangan setelah hujan, air naik ke permukiman.",
        "icon": "flood",
        "agency": "bpbd",
        "policy": "Banjir/genangan (darurat)",
    },
    "sampah": {
        "name": "Sampah menumpuk",
        "description": "Sampah tidak diangkut, TPS penuh, pembuangan sampah liar.",
        "icon": "trash",
        "agency": "dlh",
        "policy": "Sampah (3 hari kerja)",
    },
    "lampu-jalan": {
        "name": "Lampu jalan padam",
        "description": "Lampu penerangan jalan umum (PJU) mati, berkedip atau tiangnya rusak.",
        "icon": "bulb",
        "agency": "disperkim",
        "policy": "Lampu jalan (3 hari kerja)",
    },
    "lampu-lalin": {
        "name": "Lampu lalu lintas rusak",
        "description": "Traffic light mati, tidak sinkron atau tiangnya tertabrak.",
        "icon": "traffic-lights",
        "agency": "dishub",
        "policy": "Lampu lalu lintas (2 hari kerja)",
    },
    "parkir-liar": {
        "name": "Parkir liar",
        "description": "Kendaraan parkir di bahu jalan, trotoar atau tempat terlarang.",
        "icon": "parking",
        "agency": "dishub",
        "policy": "Ketertiban (5 hari kerja)",
    },
    "ketertiban": {
        "name": "PKL/ketertiban umum",
        "description": "Pedagang kaki lima di trotoar, bangunan liar, keributan, ketertiban umum.",
        "icon": "building-store",
        "agency": "satpolpp",
        "policy": "Ketertiban (5 hari kerja)",
    },
    "pohon-tumbang": {
        "name": "Pohon tumbang",
        "description": "Pohon tumbang atau dahan rawan patah yang menghalangi jalan.",
        "icon": "tree",
        "agency": "bpbd",
        "policy": "Pohon tumbang (24 jam kerja)",
    },
    "adminduk": {
        "name": "Administrasi kependudukan",
        "description": "KTP-el, Kartu Keluarga, akta kelahiran/kematian, pindah datang.",
        "icon": "id",
        "agency": "disdukcapil",
        "policy": "Layanan publik (10 hari kerja)",
    },
    "kesehatan": {
        "name": "Layanan kesehatan/puskesmas",
        "description": "Pelayanan puskesmas, antrean, obat, petugas kesehatan, BPJS di faskes.",
        "icon": "building-hospital",
        "agency": "dinkes",
        "policy": "Layanan publik (10 hari kerja)",
    },
    "bansos": {
        "name": "Bantuan sosial",
        "description": "Bantuan sosial tidak tepat sasaran, belum cair, data DTKS.",
        "icon": "heart-handshake",
        "agency": "dinsos",
        "policy": "Bantuan sosial (20 hari kerja)",
    },
    "sekolah": {
        "name": "Sekolah",
        "description": "Sarana sekolah, pungutan sekolah, penerimaan murid baru, guru.",
        "icon": "school",
        "agency": "disdik",
        "policy": "Standar SP4N-LAPOR! (14 hari kerja)",
    },
    "pungli": {
        "name": "Pungutan liar",
        "description": "Permintaan uang di luar ketentuan oleh aparat atau petugas layanan.",
        "icon": "cash-off",
        "agency": "inspektorat",
        "policy": "Pungutan liar (30 hari kerja)",
        "privacy": "rahasia",
    },
    "lainnya": {
        "name": "Lainnya",
        "description": "Masalah lain di wilayah ini yang tidak masuk kategori mana pun.",
        "icon": "speakerphone",
        "agency": "diskominfo",
        "policy": "Standar SP4N-LAPOR! (14 hari kerja)",
    },
}

REGENCY_CATEGORIES = {
    "pertanian": {
        "name": "Pertanian/irigasi",
        "description": "Saluran irigasi rusak, pupuk bersubsidi langka, serangan hama, alsintan.",
        "icon": "plant",
        "agency": "pertanian",
        "policy": "Layanan publik (10 hari kerja)",
    },
    "desa": {
        "name": "Pelayanan desa/dana desa",
        "description": "Pelayanan kantor desa, penggunaan dana desa, BLT desa, perangkat desa.",
        "icon": "home",
        "agency": "dpmd",
        "policy": "Standar SP4N-LAPOR! (14 hari kerja)",
    },
}
