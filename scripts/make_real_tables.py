"""Makes the real-world table fixtures in src/core/data/fixtures/real/ (run once; not an app dependency).

Debian: apt-get install -y python3-openpyxl; then python3 scripts/make_real_tables.py
Each table has 60 data rows; the values are deterministic (no randomness), so the files never change.
"""
import csv
import gzip
import io
import re
import uuid
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl

OUT = Path(__file__).resolve().parent.parent / "src/core/data/fixtures/real"
OUT.mkdir(parents=True, exist_ok=True)
N = 60


def value(i, k):
    """A smooth deterministic value for row i, feature k; every 12th row is far off (an outlier)."""
    base = ((i * (7 + 2 * k)) % 23) / 23 + k
    return round(base * 10 + (40 if i % 12 == 5 else 0), 3)


def label(i):
    return "anomaly" if i % 12 == 5 else "normal"


def write(name, data: bytes):
    (OUT / name).write_bytes(data)


# 1. ';'-separated, decimal commas (European Excel "CSV").
rows = ["temp;pressure;flow"] + [";".join(f"{value(i, k):.3f}".replace(".", ",") for k in range(3)) for i in range(N)]
write("decimal_comma.csv", ("\n".join(rows) + "\n").encode())

# 2. Quoted thousands separators (US Excel "CSV" of formatted numbers).
lines = io.StringIO()
w = csv.writer(lines, lineterminator="\n")
w.writerow(["amount", "count", "ratio"])
for i in range(N):
    w.writerow([f"{value(i, 0) * 10000:,.0f}", f"{int(value(i, 1) * 100):,}", f"{value(i, 2) / 40:.4f}"])
write("thousands.csv", lines.getvalue().encode())

# 3. Excel "Unicode Text": UTF-16 LE with BOM, tab-separated, CRLF; an accented header.
rows = ["température\tdébit\tcode"] + [f"{value(i, 0)}\t{value(i, 1)}\t{value(i, 2)}" for i in range(N)]
write("unicode_text.txt", "\r\n".join(rows).encode("utf-16"))  # Python's utf-16 writes the LE BOM

# 4. Windows-1252 (a legacy single-byte file).
rows = ["ville,température,pression"] + [f"{'Zürich' if i % 2 else 'Genève'},{value(i, 0)},{value(i, 1)}" for i in range(N)]
write("legacy_1252.csv", ("\n".join(rows) + "\n").encode("cp1252"))

# 5. Gzip and zip of a plain CSV.
plain = "a,b,c\n" + "".join(f"{value(i, 0)},{value(i, 1)},{value(i, 2)}\n" for i in range(N))
write("table.csv.gz", gzip.compress(plain.encode(), mtime=0))
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
    info = zipfile.ZipInfo("table.csv", date_time=(2024, 3, 17, 0, 0, 0))
    z.writestr(info, plain)
write("table.zip", buf.getvalue())

# 6. ISO dates, uuid ids and a normal/anomaly label.
rows = ["id,day,seen_at,x,y,status"]
for i in range(N):
    uid = uuid.UUID(int=((i + 1) * 0x9E3779B97F4A7C15_9E3779B97F4A7C15) % (1 << 128))
    day = date(2024, 3, 1) + timedelta(days=i)
    seen = datetime(2024, 3, 1, 8) + timedelta(hours=7 * i, minutes=i)
    rows.append(f"{uid},{day.isoformat()},{seen.isoformat()},{value(i, 0)},{value(i, 1)},{label(i)}")
write("dates_uuid_label.csv", ("\n".join(rows) + "\n").encode())

# 7. CRLF line ends and trailing blank lines.
rows = ["a,b,c,label"] + [f"{value(i, 0)},{value(i, 1)},{value(i, 2)},{1 if i % 12 == 5 else 0}" for i in range(N)]
write("crlf_blank_tail.csv", ("\r\n".join(rows) + "\r\n\r\n\r\n").encode())

# 8. A real .xlsx: two sheets; numbers, a date column, text, a boolean, a formula (with its cached value).
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Measurements"
ws.append(["sensor", "when", "temp", "pressure", "double_temp", "ok"])
cached = {}
for i in range(N):
    r = i + 2
    ws.append([f"S{i % 4}", datetime(2024, 3, 1) + timedelta(days=i), value(i, 0), value(i, 1), f"=C{r}*2", i % 12 != 5])
    ws.cell(row=r, column=2).number_format = "yyyy-mm-dd"
    cached[f"E{r}"] = value(i, 0) * 2
other = wb.create_sheet("Notes")
other.append(["k", "v", "w"])
for i in range(12):
    other.append([i, i * 2, (i * 7) % 5])
buf = io.BytesIO()
wb.save(buf)

# openpyxl writes formulas without a cached value (it cannot compute); Excel would store one, so add it.
src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
out = io.BytesIO()
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for item in src.infolist():
        data = src.read(item.filename)
        if item.filename == "xl/worksheets/sheet1.xml":
            text = data.decode()
            text = re.sub(
                r'<c r="(E\d+)"([^>]*)><f>([^<]*)</f><v\s*/?>(?:</v>)?</c>',
                lambda m: f'<c r="{m.group(1)}"{m.group(2)}><f>{m.group(3)}</f><v>{cached[m.group(1)]}</v></c>',
                text,
            )
            assert text.count("<f>") == N and text.count("</f><v>") == N, "formula cells not patched"
            data = text.encode()
        item.date_time = (2024, 3, 17, 0, 0, 0)
        z.writestr(item, data)
write("workbook.xlsx", out.getvalue())
print("wrote", sorted(p.name for p in OUT.iterdir()))
