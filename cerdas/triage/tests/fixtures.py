"""Small labelled complaint texts written for these tests (no real data)."""

import random

ROAD = [
    "jalan berlubang besar di depan {p}, motor sering jatuh",
    "jln rusak parah dkt {p} sdh {n} bln gak diperbaiki",
    "aspal jalan mengelupas dan berlubang di {p}, tolong ditambal",
    "trotoar pecah dan jalan amblas di {p}",
    "lubang jalan di {p} makin besar kalau hujan, bahaya utk pengendara",
    "mohon perbaikan jalan yg rusak di {p}",
]
GARBAGE = [
    "sampah menumpuk di {p} sdh {n} hari tdk diangkut",
    "tumpukan sampah di {p} bau sekali, mohon diangkut",
    "tempat sampah di {p} penuh dan berserakan",
    "warga buang sampah sembarangan di {p}, kotor dan bau",
    "truk sampah tdk datang ke {p} sdh seminggu",
    "sampah plastik menyumbat got di {p} dan bau busuk",
]
LIGHT = [
    "lampu jalan mati di {p} sdh {n} malam, gelap sekali",
    "pju padam di {p}, rawan kejahatan",
    "lampu penerangan jalan di {p} berkedip lalu mati",
    "tiang lampu jalan di {p} tdk menyala",
]
PLACES = ["pasar 45", "jalan sam ratulangi", "kelurahan tikala", "boulevard", "megamas", "sario"]


def labelled(seed: int = 1, per_class: int = 40) -> tuple[list[str], list[str]]:
    """Texts with labels pupr (roads), dlh (garbage) and pju (street lights)."""
    rng = random.Random(seed)
    texts, labels = [], []
    for label, templates in (("pupr", ROAD), ("dlh", GARBAGE), ("pju", LIGHT)):
        for _ in range(per_class):
            template = rng.choice(templates)
            texts.append(template.format(p=rng.choice(PLACES), n=rng.randint(2, 9)))
            labels.append(label)
    order = list(range(len(texts)))
    rng.shuffle(order)
    return [texts[i] for i in order], [labels[i] for i in order]


def write_csv(path, texts, labels, *, text_col="text", label_col="label") -> None:
    import csv

    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([text_col, label_col])
        writer.writerows(zip(texts, labels, strict=True))
