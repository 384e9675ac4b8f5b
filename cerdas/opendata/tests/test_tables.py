"""Reading uploads: encodings, delimiters, types, and a clear report for bad files."""

import io
import json

import pytest
from openpyxl import Workbook

from cerdas.opendata.tables import TableError, read_table

MB = 1024 * 1024


def read(name, data, max_bytes=MB):
    return read_table(name, data, max_bytes=max_bytes)


def problems(name, data, **kwargs) -> list[str]:
    with pytest.raises(TableError) as exc:
        read(name, data, **kwargs)
    return exc.value.problems


def xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_utf8_csv_with_types():
    table = read("p.csv", b"kecamatan,penduduk,luas\nWenang,32000,3.6\nTikala,41000,7.1\n")
    assert table.columns == ["kecamatan", "penduduk", "luas"]
    assert table.types == ["text", "int", "numeric"]
    assert table.rows == [["Wenang", 32000, 3.6], ["Tikala", 41000, 7.1]]
    assert (table.encoding, table.delimiter, table.note) == ("utf-8", ",", "")


def test_bom_is_removed_from_the_first_column():
    table = read("p.csv", b"\xef\xbb\xbfnama;jumlah\nA;1\n")
    assert table.columns == ["nama", "jumlah"]
    assert table.encoding == "utf-8-sig"
    assert table.delimiter == ";"


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_each_accepted_delimiter_is_detected(delimiter):
    text = delimiter.join(["a", "b", "c"]) + "\n" + delimiter.join(["x, y", "2", "3"]) + "\n"
    if delimiter == ",":
        text = 'a,b,c\n"x, y",2,3\n'
    table = read("t.csv", text.encode())
    assert table.delimiter == delimiter
    assert table.rows == [["x, y", 2, 3]]


def test_cp1252_is_read_and_reported():
    data = "kelurahan;keterangan\nTumumpa;Caf\u00e9 \u2013 pasar\n".encode("cp1252")
    table = read("t.csv", data)
    assert table.rows == [["Tumumpa", "Caf\u00e9 \u2013 pasar"]]
    assert table.encoding == "cp1252"
    assert "bukan UTF-8" in table.note and "baris 2" in table.note


def test_latin1_fallback_when_cp1252_cannot_decode():
    # 0x81 is undefined in cp1252 but a control character in latin-1.
    table = read("t.csv", b"a,b\nx\x81,1\n")
    assert table.encoding == "latin-1"
    assert "latin-1" in table.note


def test_utf16_is_refused():
    assert "UTF-16" in problems("t.csv", "a,b\n1,2\n".encode("utf-16"))[0]


def test_ragged_rows_are_all_reported_with_their_line():
    data = b"a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n"
    found = problems("t.csv", data)
    assert found == [
        "Baris 3: 2 kolom, seharusnya 3 seperti baris judul (pemisah: koma).",
        "Baris 4: 4 kolom, seharusnya 3 seperti baris judul (pemisah: koma).",
    ]


def test_many_problems_are_capped_with_a_count():
    data = b"a,b\n" + b"1\n" * 30
    found = problems("t.csv", data)
    assert len(found) == 21
    assert found[-1] == "... dan 10 masalah lain."


def test_unknown_delimiter_is_refused():
    assert "Pemisah kolom tidak dikenali" in problems("t.csv", b"a:b:c\n1:2:3\n")[0]


def test_empty_header_only_and_too_large():
    assert problems("t.csv", b"") == ["Berkas kosong."]
    assert problems("t.csv", b"  \n\n") == ["Berkas kosong."]
    assert "tanpa baris data" in problems("t.csv", b"a,b\n")[0]
    assert "terlalu besar" in problems("t.csv", b"a,b\n" + b"1,2\n" * 600, max_bytes=1000)[0]


def test_bad_header_names():
    found = problems("t.csv", b"a,,a,_id\n1,2,3,4\n")
    assert "nama kolom ke-2 kosong" in found[0]
    assert "\u201ca\u201d ganda" in found[1]
    assert "_id" in found[2]


def test_unsupported_extension():
    assert "tidak didukung" in problems("t.txt", b"a,b\n1,2\n")[0]


def test_leading_zeros_stay_text():
    table = read("t.csv", b"kode,jumlah\n007,1\n010,2\n")
    assert table.types == ["text", "int"]
    assert table.rows[0] == ["007", 1]


def test_xlsx_first_sheet():
    table = read("t.xlsx", xlsx([["kecamatan", "penduduk"], ["Wenang", 32000], [None, None]]))
    assert table.columns == ["kecamatan", "penduduk"]
    assert table.rows == [["Wenang", 32000]]
    assert table.types == ["text", "int"]


def test_xlsx_cells_outside_the_header_are_reported():
    found = problems("t.xlsx", xlsx([["a", "b"], [1, 2], [3, 4, 5]]))
    assert found == ["Baris 3: ada isi di luar 2 kolom baris judul (5)."]


def test_broken_xlsx():
    assert "XLSX rusak" in problems("t.xlsx", b"PK\x03\x04 not really a zip")[0]


def test_json_records():
    data = json.dumps([{"nama": "A", "n": 1}, {"nama": "B", "n": 2.5}]).encode()
    table = read("t.json", data)
    assert table.columns == ["nama", "n"] and table.types == ["text", "numeric"]
    wrapped = read("t.json", json.dumps({"records": [{"x": 1, "_id": 9}]}).encode())
    assert wrapped.columns == ["x"] and wrapped.rows == [[1]]


def test_bad_json_is_reported_with_its_place():
    assert problems("t.json", b'[{"a": 1},\n {"a": }]')[0].startswith("JSON tidak sah di baris 2")
    assert "daftar objek" in problems("t.json", b'{"a": 1}')[0]
    found = problems("t.json", b'[{"a": 1}, {"a": 2, "b": 3}, {"a": [1]}]')
    assert found[0].startswith("Rekaman ke-2: kunci \u201cb\u201d")
    assert "bersarang" in found[1]
