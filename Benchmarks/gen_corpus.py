#!/usr/bin/env python3
"""Deterministic generator of realistic archives of Vietnamese administrative documents.

    python3 Benchmarks/gen_corpus.py --docs 100000 --seed 1 --out /tmp/vb-gen-100k

writes

    OUT/docs/NNN/*.txt     the archive: one document per file, some files with 2-3 documents
    OUT/manifest.jsonl     one line per document: file, byte range in the file, number, type,
                           issuer, place, date, what it implements (the generator's ground truth)
    OUT/queries.jsonl      a fixed query mix drawn from the archive (see QUERY KINDS below)
    OUT/queries.tsv        the same mix for `vanban bench queries` (kind, command, argument)

The same --seed and --docs give byte-identical output (Python's `random.Random(seed)`, no clock,
no hash randomisation, sorted iteration everywhere).

Structure. Documents come in campaigns that follow the real citation chains: a central conclusion
(`226-KL/TW`, never archived) -> a Prime Minister's decision (`534/QĐ-TTg`, archived) -> provincial
plans (`498/KH-UBND`) -> department plans (`4245/KH-SYT`, with reporting obligations: 6-month,
yearly, quarterly or one-off reports due to the department) -> unit reports (`660/BC-TTYT`, each
answering one occurrence of an obligation, some on time, some late, some missing), plus letters
(`V/v ...`, CV). Conclusions are drawn Zipf-like (weight 1/(rank+10)^1.1), so a few of them carry
long chains (the worst case for `cites --transitive`): about 3% of the archive hangs under the
hottest one at 100k documents, 5% at 10k. Serial numbers count per issuer and
year; they repeat across issuers and years as in real archives.

Body text is made of sentences taken from the real documents in corpus/ and
Tests/Fixtures/eval/{dev,dev-health}/ (lines that name no document number, no deadline and no
reporting duty, so the citation graph and the obligations are the generator's own).
"""
import argparse
import json
import os
import random
import re
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# ---------------------------------------------------------------- real text

SKIP_LINE = re.compile(
    r"(\d+\s*[/-]\s*[0-9]*[A-Za-zĐđ]|số\s*\d|Số\s*:|Kính gửi|Nơi nhận|trước ngày|định kỳ|đột xuất|"
    r"hằng (tháng|quý|năm)|gửi về|V/v|CỘNG HÒA|CỘNG HOÀ|Độc lập|ĐỘC LẬP|Lưu:|Lưu VT|KT\.|TM\.|"
    r"ngày\s*\d+\s*tháng|\d+/\d+/\d+|báo cáo .*về (Sở|Phòng|Văn phòng|Ủy ban|UBND)|\bKL\b|\bKH\b|\bBC\b)")


def load_sentences():
    files = []
    for d in ["corpus", "Tests/Fixtures/eval/dev", "Tests/Fixtures/eval/dev-health"]:
        p = os.path.join(ROOT, d)
        files += sorted(os.path.join(p, f) for f in os.listdir(p) if f.endswith(".txt"))
    out = []
    seen = set()
    for f in files:
        with open(f, encoding="utf-8") as fh:
            text = unicodedata.normalize("NFC", fh.read())
        text = text.replace("Ð", "Đ").replace("ð", "đ").replace("\r", "")
        # Paragraphs: hard-wrapped lines joined.
        for para in re.split(r"\n\s*\n", text):
            para = " ".join(l.strip() for l in para.split("\n") if l.strip())
            para = re.sub(r"[*_#>|]+", "", para)
            para = re.sub(r"\s+", " ", para).strip()
            for s in re.split(r"(?<=[.;:])\s+(?=[A-ZĐÂĂÊÔƠƯÁÀẢÃẠa-zđ0-9-])", para):
                s = s.strip(" -–•+")
                if len(s) < 40 or len(s) > 420 or SKIP_LINE.search(s):
                    continue
                letters = [c for c in s if c.isalpha()]
                if not letters or sum(c.isupper() for c in letters) > 0.3 * len(letters):
                    continue
                s = s[0].upper() + s[1:]
                if s in seen:
                    continue
                seen.add(s)
                out.append(s)
    return out


# ---------------------------------------------------------------- entities

PROVINCES = [
    ("Hà Nội", "Hà Nội"), ("Thành phố Hồ Chí Minh", "Thành phố Hồ Chí Minh"), ("Hải Phòng", "Hải Phòng"),
    ("Đà Nẵng", "Đà Nẵng"), ("Cần Thơ", "Cần Thơ"), ("Huế", "Huế"), ("Nghệ An", "Vinh"),
    ("Thanh Hóa", "Thanh Hóa"), ("Hà Tĩnh", "Hà Tĩnh"), ("Quảng Trị", "Đông Hà"), ("Quảng Ngãi", "Quảng Ngãi"),
    ("Gia Lai", "Pleiku"), ("Đắk Lắk", "Buôn Ma Thuột"), ("Khánh Hòa", "Nha Trang"), ("Lâm Đồng", "Đà Lạt"),
    ("Đồng Nai", "Biên Hòa"), ("Tây Ninh", "Tây Ninh"), ("Đồng Tháp", "Cao Lãnh"), ("Vĩnh Long", "Vĩnh Long"),
    ("An Giang", "Long Xuyên"), ("Cà Mau", "Cà Mau"), ("Lào Cai", "Lào Cai"), ("Thái Nguyên", "Thái Nguyên"),
    ("Phú Thọ", "Việt Trì"), ("Bắc Ninh", "Bắc Ninh"), ("Hưng Yên", "Hưng Yên"), ("Ninh Bình", "Ninh Bình"),
    ("Quảng Ninh", "Hạ Long"), ("Lạng Sơn", "Lạng Sơn"), ("Cao Bằng", "Cao Bằng"), ("Tuyên Quang", "Tuyên Quang"),
    ("Điện Biên", "Điện Biên Phủ"), ("Lai Châu", "Lai Châu"), ("Sơn La", "Sơn La"),
]

DISTRICTS = [
    "Thuận An", "Con Cuông", "Nam Đàn", "Cửa Lò", "Mỹ Tú", "Lái Thiêu", "Hưng Nguyên", "Diễn Châu",
    "Quỳnh Lưu", "Yên Thành", "Đô Lương", "Thanh Chương", "Anh Sơn", "Tân Kỳ", "Nghĩa Đàn", "Quế Phong",
    "Kỳ Sơn", "Tương Dương", "Hoàng Mai", "Thái Hòa", "Cao Lãnh", "Tháp Mười", "Hồng Ngự", "Lấp Vò",
    "Châu Thành", "Long Phú", "Trần Đề", "Kế Sách", "Ngã Năm", "Vĩnh Châu", "Bình Minh", "Trà Ôn",
    "Phú Tân", "Chợ Mới", "Tịnh Biên", "Tri Tôn", "Năm Căn", "Ngọc Hiển", "Đầm Dơi", "Cái Nước",
    "Sông Công", "Phổ Yên", "Đại Từ", "Định Hóa", "Hạ Hòa", "Thanh Sơn", "Tam Nông", "Yên Lập",
    "Từ Sơn", "Thuận Thành", "Gia Bình", "Quế Võ", "Kim Sơn", "Nho Quan", "Gia Viễn", "Hoa Lư",
    "Cẩm Phả", "Uông Bí", "Móng Cái", "Tiên Yên", "Bảo Lâm", "Di Linh", "Đức Trọng", "Lạc Dương",
    "Krông Pắc", "Ea Kar", "Cư M'gar", "Buôn Đôn", "Chư Sê", "Ayun Pa", "Kbang", "Đak Đoa",
    "Mường Tè", "Sìn Hồ", "Tam Đường", "Mộc Châu", "Thuận Châu", "Mai Sơn", "Bắc Yên", "Sa Pa",
]

# (department name, code in numbers, kind of unit it has, short name of the unit kind)
ABBREVIATIONS = [("Trung tâm Y tế", "TTYT"), ("Trung học phổ thông", "THPT"), ("Bệnh viện Đa khoa", "BVĐK")]


def abbreviated(name):
    for full, short in ABBREVIATIONS:
        name = name.replace(full, short)
    return name


DEPARTMENTS = [
    ("Sở Y tế", "SYT", [("Trung tâm Y tế khu vực", "TTYT"), ("Bệnh viện Đa khoa khu vực", "BVĐK")], "y tế"),
    ("Sở Giáo dục và Đào tạo", "SGDĐT", [("Trường Trung học phổ thông", "THPT"), ("Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên", "TTGDNN")], "giáo dục"),
    ("Sở Nội vụ", "SNV", [("Phòng Nội vụ", "PNV")], "nội vụ"),
    ("Sở Tài chính", "STC", [("Phòng Tài chính - Kế hoạch", "TCKH")], "tài chính"),
    ("Sở Nông nghiệp và Môi trường", "SNNMT", [("Trạm Khuyến nông", "TKN"), ("Chi cục Kiểm lâm", "CCKL")], "nông nghiệp"),
    ("Sở Xây dựng", "SXD", [("Ban Quản lý dự án", "BQLDA")], "xây dựng"),
    ("Sở Công Thương", "SCT", [("Trung tâm Khuyến công", "TTKC")], "công thương"),
    ("Sở Tư pháp", "STP", [("Phòng Tư pháp", "PTP")], "tư pháp"),
    ("Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL", [("Trung tâm Văn hóa - Thể thao", "TTVHTT")], "văn hóa"),
    ("Sở Khoa học và Công nghệ", "SKHCN", [("Trung tâm Chuyển đổi số", "TTCĐS")], "khoa học"),
]

TOPICS = [
    "chấn chỉnh lề lối làm việc, nâng cao hiệu quả hoạt động của hệ thống chính trị",
    "đẩy mạnh cải cách hành chính, cải thiện môi trường đầu tư kinh doanh",
    "tăng cường kỷ luật, kỷ cương hành chính, văn hóa công sở",
    "đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
    "phòng, chống tham nhũng, lãng phí, tiêu cực",
    "thực hành tiết kiệm, chống lãng phí",
    "nâng cao chất lượng khám bệnh, chữa bệnh và sự hài lòng của người bệnh",
    "phổ cập giáo dục, xóa mù chữ và xây dựng xã hội học tập",
    "sắp xếp tổ chức bộ máy của hệ thống chính trị tinh gọn, hoạt động hiệu lực, hiệu quả",
    "bảo đảm an toàn vệ sinh thực phẩm",
    "phòng, chống thiên tai, tìm kiếm cứu nạn",
    "xây dựng nông thôn mới nâng cao và nông thôn mới kiểu mẫu",
    "đổi mới căn bản, toàn diện giáo dục và đào tạo",
    "tăng cường công tác bảo vệ, chăm sóc và nâng cao sức khỏe Nhân dân",
    "phát triển kinh tế tư nhân",
    "bảo vệ môi trường và ứng phó với biến đổi khí hậu",
    "đẩy mạnh thanh toán không dùng tiền mặt",
    "tăng cường công tác quản lý đất đai",
    "phòng, chống dịch bệnh truyền nhiễm",
    "nâng cao chất lượng nguồn nhân lực",
]

CENTRAL_ISSUERS = [("KL", "TW", "Kết luận", "Ban Bí thư"), ("KL", "TW", "Kết luận", "Bộ Chính trị"),
                   ("NQ", "TW", "Nghị quyết", "Bộ Chính trị"), ("CT", "TW", "Chỉ thị", "Ban Bí thư")]

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quốc", "Xuân", "Thu", "Hồng", "Anh"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hùng", "Khánh", "Lan", "Long", "Mai", "Nam",
         "Phong", "Quang", "Sơn", "Tâm", "Thảo", "Trung", "Tuấn", "Vân", "Việt", "Yến", "Kim"]

OPENINGS = [
    "Thực hiện {ref} của {issuer} về việc {topic};",
    "Triển khai thực hiện {ref} của {issuer} về {topic};",
    "Thực hiện {ref} của {issuer} về việc triển khai thực hiện {topic},",
]


def upper_vn(s):
    return s.upper()


class Gen:
    def __init__(self, seed, ndocs, sentences, by_unit=False):
        self.by_unit = by_unit
        self.r = random.Random(seed)
        self.ndocs = ndocs
        self.sent = sentences
        self.serials = {}
        self.docs = []          # (text, meta) in generation order
        self.year0 = 2019

    # -- helpers
    def serial(self, issuer_key, year, lo=1, hi=None):
        k = (issuer_key, year)
        if k not in self.serials:
            self.serials[k] = self.r.randint(lo, hi or 400)
        self.serials[k] += self.r.randint(1, 25)
        return self.serials[k]

    def date_after(self, d, lo, hi):
        y, m, day = d
        n = (y * 12 + m - 1) * 31 + day - 1 + self.r.randint(lo, hi)
        y, rest = divmod(n, 372)
        m, day = divmod(rest, 31)
        day = min(day + 1, 28)
        return (y, m + 1, day)

    def person(self):
        r = self.r
        return f"{r.choice(SURNAMES)} {r.choice(MIDDLE)} {r.choice(GIVEN)}"

    def body(self, nbytes):
        r = self.r
        out, size, para = [], 0, []
        while size < nbytes:
            s = r.choice(self.sent)
            para.append(s)
            size += len(s.encode()) + 1
            if len(para) >= r.randint(1, 4):
                out.append(" ".join(para))
                para = []
        if para:
            out.append(" ".join(para))
        return out

    @staticmethod
    def dmy(d):
        return f"{d[2]}/{d[1]}/{d[0]}"

    @staticmethod
    def long_date(d):
        return f"ngày {d[2]:02d} tháng {d[1]:02d} năm {d[0]}"

    def header(self, parent, issuer_lines, number, place, date):
        r = self.r
        motto = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
        lines = []
        if r.random() < 0.5:
            left = ([parent] if parent else []) + issuer_lines
            lines.append(f"{left[0]:<40}{motto[0]}")
            lines.append(f"{left[1] if len(left) > 1 else '':<40}{motto[1]}")
            for extra in left[2:]:
                lines.append(extra)
            lines.append("")
            lines.append(f"Số: {number:<30}{place}, {self.long_date(date)}")
        else:
            lines += motto + [""]
            if parent:
                lines.append(parent)
            lines += issuer_lines
            lines.append("")
            lines.append(f"Số: {number}")
            lines.append("")
            lines.append(f"{place}, {self.long_date(date)}")
        lines.append("")
        return lines

    def footer(self, capacity, recipients_copy):
        lines = ["", "Nơi nhận:"] + [f"- {x};" for x in recipients_copy] + ["- Lưu: VT.", ""]
        lines += capacity + ["", "", self.person(), ""]
        return lines

    def emit(self, text, meta):
        self.docs.append((text, meta))

    # -- documents
    def decision(self, concl, topic, date):
        num = f"{self.serial('TTg', date[0], 100, 900)}/QĐ-TTg"
        lines = self.header(None, ["THỦ TƯỚNG CHÍNH PHỦ"], num, "Hà Nội", date)
        lines += ["QUYẾT ĐỊNH", f"Ban hành Kế hoạch thực hiện {concl['name']} ngày {self.dmy(concl['date'])} của {concl['issuer']} về {topic}", "",
                  "THỦ TƯỚNG CHÍNH PHỦ", "",
                  f"Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;",
                  f"Căn cứ {concl['name']} ngày {self.dmy(concl['date'])} của {concl['issuer']} về {topic};", "",
                  "QUYẾT ĐỊNH:", "",
                  f"Điều 1. Ban hành kèm theo Quyết định này Kế hoạch thực hiện {concl['name']} ngày {self.dmy(concl['date'])} của {concl['issuer']}.", ""]
        lines += self.body(self.r.randint(900, 1500))
        lines += ["", "Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký ban hành.", ""]
        lines += self.footer(["KT. THỦ TƯỚNG", "PHÓ THỦ TƯỚNG"], ["Ban Bí thư Trung ương Đảng", "Các bộ, cơ quan ngang bộ", "UBND các tỉnh, thành phố trực thuộc trung ương"])
        self.emit("\n".join(lines), dict(number=num, type="QĐ", issuer="Thủ tướng Chính phủ", place="Hà Nội", date=date,
                                         implements=concl["number"], subject=topic))
        return dict(number=num, name=f"Quyết định số {num}", date=date, issuer="Thủ tướng Chính phủ")

    def plan(self, kind, parent_doc, topic, province, dept, date, obligations, bound=()):
        """kind: 'province' (KH-UBND) or 'dept' (KH-<dept code>); `bound`: units named in its Nơi nhận."""
        r = self.r
        pname, pplace = province
        if kind == "province":
            issuer = f"Ủy ban nhân dân tỉnh {pname}" if not pname.startswith("Thành phố") and pname not in ("Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế") else f"Ủy ban nhân dân {pname if pname.startswith('Thành phố') else 'thành phố ' + pname}"
            code = "UBND"
            parent, issuer_lines = None, [upper_vn(issuer)]
            num = f"{self.serial(('UBND', pname), date[0])}/KH-{code}"
        else:
            dname, code = dept[0], dept[1]
            issuer = f"{dname} tỉnh {pname}"
            parent, issuer_lines = f"UBND TỈNH {upper_vn(pname)}", [upper_vn(dname)]
            num = f"{self.serial((code, pname), date[0], 100, 3000)}/KH-{code}"
        lines = self.header(parent, issuer_lines, num, pplace, date)
        title = f"Triển khai thực hiện {parent_doc['name']} ngày {self.dmy(parent_doc['date'])} của {parent_doc['issuer']} về việc {topic}"
        lines += ["KẾ HOẠCH", title, ""]
        lines += [r.choice(OPENINGS).format(ref=f"{parent_doc['name']} ngày {self.dmy(parent_doc['date'])}", issuer=parent_doc["issuer"], topic=topic)
                  + f" {issuer} xây dựng Kế hoạch triển khai thực hiện với những nội dung cụ thể như sau:", "",
                  "I. MỤC ĐÍCH, YÊU CẦU", ""]
        lines += self.body(r.randint(500, 800))
        lines += ["", "II. NHIỆM VỤ, GIẢI PHÁP", ""]
        lines += self.body(r.randint(500, 900))
        lines += ["", "III. TỔ CHỨC THỰC HIỆN", ""]
        recipient = f"{issuer.split(' tỉnh ')[0]} (qua Văn phòng Sở)" if kind == "dept" else "Sở Nội vụ"
        for k, ob in enumerate(obligations, 1):
            lines.append(f"{k}. {ob['text'].format(recipient=recipient)}")
        lines += self.footer(["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"] if kind == "province" else ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
                             ["Như trên", parent_doc["issuer"], *bound, "Lãnh đạo đơn vị"])
        self.emit("\n".join(lines), dict(number=num, type="KH", issuer=issuer, place=pplace, date=date,
                                         implements=parent_doc.get("number"), subject=title,
                                         obligations=[ob["due"] for ob in obligations]))
        return dict(number=num, name=f"Kế hoạch số {num}", date=date, issuer=issuer, code=code)

    def report(self, plan_doc, topic, province, dept, unit, place, period, date):
        r = self.r
        pname, _ = province
        uname, ucode = unit
        issuer = f"{uname} {place}"
        num = f"{self.serial((ucode, place, pname), date[0], 1, 200)}/BC-{ucode}"
        parent = upper_vn(dept[0]) if dept else f"UBND TỈNH {upper_vn(pname)}"
        lines = self.header(parent, [upper_vn(issuer)], num, place, date)
        lines += ["BÁO CÁO", f"Kết quả thực hiện {plan_doc['name']} về {topic} {period}", "",
                  f"Kính gửi: {plan_doc['issuer']}", "",
                  f"Thực hiện {plan_doc['name']} {self.long_date(plan_doc['date'])} của {plan_doc['issuer']} về việc {topic}; {issuer} báo cáo kết quả thực hiện {period} như sau:", "",
                  "I. KẾT QUẢ TRIỂN KHAI THỰC HIỆN", ""]
        lines += self.body(r.randint(700, 1100))
        lines += ["", "II. KHÓ KHĂN, VƯỚNG MẮC VÀ ĐỀ XUẤT, KIẾN NGHỊ", ""]
        lines += self.body(r.randint(200, 400))
        lines += self.footer(["GIÁM ĐỐC"], [plan_doc["issuer"], "Ban Giám đốc"])
        self.emit("\n".join(lines), dict(number=num, type="BC", issuer=issuer, place=place, date=date,
                                         implements=plan_doc["number"], subject=f"{topic} {period}"))

    def letter(self, plan_doc, topic, province, dept, date):
        r = self.r
        pname, pplace = province
        issuer = f"{dept[0]} tỉnh {pname}"
        num = f"{self.serial((dept[1], pname, 'CV'), date[0], 100, 3000)}/{dept[1]}-VP"
        lines = self.header(f"UBND TỈNH {upper_vn(pname)}", [upper_vn(dept[0])], num, pplace, date)
        lines += [f"V/v đôn đốc thực hiện {plan_doc['name']}", "", "Kính gửi: Các đơn vị trực thuộc.", "",
                  f"Thực hiện {plan_doc['name']} ngày {self.dmy(plan_doc['date'])} của {plan_doc['issuer']} về việc {topic}; để bảo đảm tiến độ, {issuer} đề nghị các đơn vị khẩn trương thực hiện một số nội dung sau:", ""]
        lines += self.body(r.randint(900, 1600))
        lines += self.footer(["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], ["Như trên", "Ban Giám đốc"])
        self.emit("\n".join(lines), dict(number=num, type="CV", issuer=issuer, place=pplace, date=date,
                                         implements=None, cites=plan_doc["number"], subject=f"đôn đốc thực hiện {plan_doc['name']}"))

    # -- campaigns
    def zipf(self, n):
        """Weights 1/(k+10)^1.1: the hottest conclusion carries ~3% of the archive at 100k documents."""
        if getattr(self, "_zipf", None) is None or len(self._zipf) != n:
            self._zipf = [1.0 / (k + 10) ** 1.1 for k in range(n)]
        return self._zipf

    def obligations_for(self, date):
        """Obligation clauses of a department plan and the report occurrences they ask for."""
        r = self.r
        y = date[0]
        kind = r.choice(["semi", "semi", "year", "quarter", "once"])
        if kind == "semi":
            text = (f"Chế độ báo cáo: Các đơn vị trực thuộc báo cáo kết quả thực hiện định kỳ 06 tháng (trước ngày 10 tháng 6) "
                    f"và hằng năm (trước ngày 10 tháng 12), gửi về {{recipient}} để tổng hợp.")
            occ = [((y, 6, 10), f"06 tháng đầu năm {y}"), ((y, 12, 10), f"năm {y}"), ((y + 1, 6, 10), f"06 tháng đầu năm {y + 1}")]
            due = [(y, 6, 10), (y, 12, 10)]
        elif kind == "year":
            text = f"Các đơn vị trực thuộc báo cáo kết quả thực hiện năm {y} về {{recipient}} trước ngày 15/12/{y}."
            occ = [((y, 12, 15), f"năm {y}")]
            due = [(y, 12, 15)]
        elif kind == "quarter":
            text = (f"Các đơn vị trực thuộc báo cáo kết quả thực hiện định kỳ hằng quý, trước ngày 20 của tháng cuối quý, "
                    f"gửi về {{recipient}} để tổng hợp.")
            q = (date[1] - 1) // 3 + 1
            occ = []
            for k in range(3):
                qq, yy = (q + k - 1) % 4 + 1, y + (q + k - 1) // 4
                occ.append(((yy, qq * 3, 20), f"quý {['I', 'II', 'III', 'IV'][qq - 1]} năm {yy}"))
            due = [occ[0][0]]
        else:
            d = self.date_after(date, 20, 60)
            text = f"Các đơn vị trực thuộc báo cáo kết quả thực hiện về {{recipient}} trước ngày {d[2]}/{d[1]}/{d[0]}."
            occ = [(d, f"năm {d[0]}")]
            due = [d]
        return [dict(text=text, due=due)], occ

    def campaign(self, concl_pool):
        r = self.r
        concl = r.choices(concl_pool, weights=self.zipf(len(concl_pool)))[0]
        topic = concl["topic"]
        dec_date = self.date_after(concl["date"], 20, 120)
        dec = concl.get("decision")
        if dec is None:
            dec = self.decision(concl, topic, dec_date)
            concl["decision"] = dec
        for _ in range(r.choice([1, 1, 1, 2, 3])):
            province = r.choice(PROVINCES)
            pdate = self.date_after(dec["date"], 10, 90)
            pplan = self.plan("province", dec, topic, province, None, pdate, [])
            for _ in range(r.choice([1, 2, 2, 3, 4])):
                dept = r.choice(DEPARTMENTS)
                ddate = self.date_after(pdate, 5, 60)
                obs, occ = self.obligations_for(ddate)
                if self.by_unit:
                    # The plan names its units in Nơi nhận (some abbreviated, as offices write them).
                    units = r.sample(DISTRICTS, r.randint(2, 8))
                    unit_kind = r.choice(dept[2])
                    bound = [abbreviated(f"{unit_kind[0]} {place}") if r.random() < 0.3 else f"{unit_kind[0]} {place}" for place in units]
                    dplan = self.plan("dept", pplan, topic, province, dept, ddate, obs, bound)
                    if r.random() < 0.3:
                        self.letter(dplan, topic, province, dept, self.date_after(ddate, 15, 40))
                else:
                    dplan = self.plan("dept", pplan, topic, province, dept, ddate, obs)
                    if r.random() < 0.3:
                        self.letter(dplan, topic, province, dept, self.date_after(ddate, 15, 40))
                    units = r.sample(DISTRICTS, r.randint(2, 8))
                    unit_kind = r.choice(dept[2])
                for place in units:
                    for due, period in occ:
                        x = r.random()
                        if x < 0.15:
                            continue                      # missing: overdue
                        rdate = self.date_after((due[0], due[1], 1), -25, due[2] - 2) if x < 0.8 else self.date_after(due, 3, 40)
                        self.report(dplan, topic, province, dept, unit_kind, place, period, rdate)
                if len(self.docs) >= self.ndocs:
                    return

    def run(self):
        r = self.r
        nconcl = max(20, self.ndocs // 150)
        pool = []
        for k in range(nconcl):
            code, suffix, name, issuer = r.choice(CENTRAL_ISSUERS)
            y = r.randint(self.year0, 2025)
            num = f"{r.randint(1, 999)}-{code}/{suffix}"
            pool.append(dict(number=num, name=f"{name} số {num}", issuer=issuer, date=(y, r.randint(1, 12), r.randint(1, 28)),
                             topic=r.choice(TOPICS)))
        while len(self.docs) < self.ndocs:
            self.campaign(pool)
        self.docs = self.docs[: self.ndocs]
        return pool


def write(out, docs, pool, seed):
    r = random.Random(seed * 7919 + 1)
    ddir = os.path.join(out, "docs")
    os.makedirs(ddir, exist_ok=True)
    # Shuffle into files: as archives are, by folder and not by chain.
    order = list(range(len(docs)))
    r.shuffle(order)
    manifest = []
    i = 0
    fileno = 0
    total = 0
    while i < len(order):
        k = 1 if r.random() < 0.85 else r.choice([2, 3])
        group = order[i:i + k]
        i += k
        sub = f"{fileno // 1000:04d}"
        name = f"{sub}/{fileno:07d}.txt"
        os.makedirs(os.path.join(ddir, sub), exist_ok=True)
        parts = []
        pos = 0
        for j, di in enumerate(group):
            text, meta = docs[di]
            if j:
                sep = "\n\n"
                parts.append(sep)
                pos += len(sep.encode())
            b = text.encode()
            m = dict(meta)
            m["date"] = "%04d-%02d-%02d" % m["date"]
            if "obligations" in m:
                m["obligations"] = ["%04d-%02d-%02d" % d for due in m["obligations"] for d in due]
            manifest.append(dict(file=name, index_in_file=j, start=pos, end=pos + len(b), **m))
            parts.append(text)
            pos += len(b)
        data = "".join(parts).encode() + b"\n"
        total += len(data)
        with open(os.path.join(ddir, name), "wb") as fh:
            fh.write(data)
        fileno += 1
    with open(os.path.join(out, "manifest.jsonl"), "w", encoding="utf-8") as fh:
        for m in manifest:
            fh.write(json.dumps(m, ensure_ascii=False, sort_keys=True) + "\n")
    return manifest, fileno, total


# ---------------------------------------------------------------- queries

FOLD = str.maketrans("đĐ", "dD")


def fold(s):
    s = unicodedata.normalize("NFD", s.translate(FOLD))
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def queries(out, manifest, sentences, pool, seed, nper=40):
    """QUERY KINDS (each engine runs the same list; fields say what each part means):
    unaccented  2-3 words typed without accents        words (accented form kept for engines that do not fold)
    accented    2-3 words with accents
    phrase      a 3-4 word phrase in quotes
    number      a full document number (6757/KH-SYT)
    filtered    2 words + a type, year or place filter
    cites       cites --transitive of a conclusion (the hottest ones and random ones) - VanBan only
    obligations obligations --as-of a date, over the whole archive                      - VanBan only
    answers     answers of a department plan                                           - VanBan only
    """
    r = random.Random(seed * 104729 + 3)
    words_re = re.compile(r"[^\W\d_]+")
    qs = []
    def pick_words(n):
        while True:
            s = r.choice(sentences)
            ws = [w for w in words_re.findall(s)]
            if len(ws) >= n + 2:
                k = r.randint(0, len(ws) - n)
                cand = ws[k:k + n]
                if all(len(w) > 1 for w in cand):
                    return [w.lower() for w in cand]
    for i in range(nper):
        ws = pick_words(r.choice([2, 3]))
        ws2 = r.sample(ws, len(ws))  # bag of words, not a phrase
        qs.append(dict(kind="unaccented", words=[fold(w) for w in ws2], accented=ws2))
    for i in range(nper):
        ws = pick_words(r.choice([2, 3]))
        ws2 = r.sample(ws, len(ws))
        qs.append(dict(kind="accented", words=ws2, accented=ws2))
    for i in range(nper):
        ws = pick_words(r.choice([3, 4]))
        qs.append(dict(kind="phrase", words=ws, accented=ws, phrase=True))
    numbered = [m for m in manifest if m.get("number")]
    for i in range(nper):
        m = r.choice(numbered)
        qs.append(dict(kind="number", number=m["number"]))
    for i in range(nper):
        ws = pick_words(2)
        m = r.choice(manifest)
        f = r.choice(["type", "year", "place", "type+year"])
        q = dict(kind="filtered", words=[fold(w) for w in ws], accented=ws)
        if "type" in f:
            q["type"] = m["type"]
        if "year" in f:
            q["year"] = int(m["date"][:4])
        if f == "place":
            q["place"] = m["place"]
        qs.append(q)
    # Citations: the hottest conclusions (longest chains) and random ones; answers of random plans.
    implemented = {}
    for m in manifest:
        if m.get("implements"):
            implemented[m["implements"]] = implemented.get(m["implements"], 0) + 1
    concl = sorted({c["number"] for c in pool if c.get("decision")})
    chosen = [pool[0]["number"]] if pool[0].get("decision") else []
    for c in pool:
        if c.get("decision") and c["number"] not in chosen:
            chosen.append(c["number"])
        if len(chosen) >= 3:
            break
    rest = [n for n in concl if n not in chosen]
    chosen += r.sample(rest, min(7, len(rest)))
    for n in chosen[:10]:
        qs.append(dict(kind="cites", number=n))
    plans = [m for m in manifest if m["type"] == "KH" and m.get("obligations")]
    for m in r.sample(plans, min(10, len(plans))):
        qs.append(dict(kind="answers", number=m["number"], year=int(m["date"][:4]), issuer=m["issuer"]))
    qs.append(dict(kind="obligations", as_of="2026-06-30"))
    qs.append(dict(kind="obligations", as_of="2024-12-31"))
    with open(os.path.join(out, "queries.jsonl"), "w", encoding="utf-8") as fh:
        for q in qs:
            fh.write(json.dumps(q, ensure_ascii=False, sort_keys=True) + "\n")
    # The VanBan form: kind <TAB> command <TAB> argument [<TAB> option=value ...]
    with open(os.path.join(out, "queries.tsv"), "w", encoding="utf-8") as fh:
        for q in qs:
            k = q["kind"]
            if k in ("unaccented", "accented"):
                line = [k, "search", " ".join(q["words"])]
            elif k == "phrase":
                line = [k, "search", '"' + " ".join(q["words"]) + '"']
            elif k == "number":
                line = [k, "search", q["number"]]
            elif k == "filtered":
                parts = [" ".join(q["words"])]
                if "type" in q:
                    parts.append("loai:" + q["type"])
                if "year" in q:
                    parts.append("nam:%d" % q["year"])
                if "place" in q:
                    parts.append('noi:"%s"' % fold(q["place"]))
                line = [k, "search", " ".join(parts)]
            elif k == "cites":
                line = [k, "cites-transitive", q["number"]]
            elif k == "answers":
                line = [k, "answers", q["number"], "year=%d" % q["year"], "issuer=" + fold(q["issuer"])]
            else:
                line = [k, "obligations", q["as_of"]]
            fh.write("\t".join(line) + "\n")
    return qs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    ap.add_argument("--by-unit", action="store_true",
                    help="department plans name their units in Nơi nhận (30%% abbreviated: TTYT, THPT, BVĐK); same corpus otherwise only in shape")
    a = ap.parse_args()
    if os.path.exists(os.path.join(a.out, "manifest.jsonl")):
        sys.exit(f"{a.out} already holds a corpus; remove it first")
    sentences = load_sentences()
    g = Gen(a.seed, a.docs, sentences, by_unit=a.by_unit)
    pool = g.run()
    manifest, nfiles, total = write(a.out, g.docs, pool, a.seed)
    qs = queries(a.out, manifest, sentences, pool, a.seed)
    print(json.dumps(dict(documents=len(manifest), files=nfiles, bytes=total, sentences=len(sentences),
                          queries=len(qs), seed=a.seed)))


if __name__ == "__main__":
    main()
