# ruff: noqa: E501  (HTML templates read best as the markup they produce)
"""Builds the web-page fixtures: ten pages shaped like Vietnamese government and news sites
(menus, breadcrumbs, skip links, hotlines, share widgets, date stamps, image captions, related
lists, footers) around real article paragraphs from docs_corpus/, each with a JSON file naming
its title, date, article paragraphs and the debris lines it carries.

Run from the repository root: python tests/data/web/make_pages.py (the output is committed)."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
HERE = Path(__file__).resolve().parent
_SEED_DEBRIS = re.compile(r"Lượt xem|Người viết|GMT|Di chuột|Theo VietQ|Nguồn:", re.I)


def paragraphs(name_part: str) -> list[str]:
    (path,) = [p for p in (ROOT / "docs_corpus").glob("*.txt") if name_part in p.name]
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if len(line) > 80 and not _SEED_DEBRIS.search(line)]


def ps(paras: list[str], tag: str = "p") -> str:
    return "\n".join(f"<{tag}>{html.escape(p)}</{tag}>" for p in paras)


Page = tuple[str, list[str]]  # (html, debris lines)


def gov_portal(title: str, paras: list[str]) -> Page:
    debris = [
        "Skip to main content",
        "Trang chủ > Tin tức > Hoạt động TĐC",
        "Cập nhật: 16/12/2020 | 11:30:02 AM",
        r"Description: C:\Users\abc\AppData\Local\Temp\image001.jpg",
        "Chia sẻ",
        "In bài",
        "Gửi email",
        "Tin liên quan",
        "Hotline: 1900 6464",
        "Email: vanthu@tcvn.gov.vn",
        "Địa chỉ: Số 8 Hoàng Quốc Việt, Nghĩa Đô, Cầu Giấy, Hà Nội",
    ]
    body = f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>{title} - Tổng cục Tiêu chuẩn Đo lường Chất lượng</title></head><body>
<a class="skip" href="#content">Skip to main content</a>
<div id="top"><div class="logo">TỔNG CỤC TIÊU CHUẨN ĐO LƯỜNG CHẤT LƯỢNG</div>
<div class="hotline">Hotline: 1900 6464</div>
<ul class="menu"><li><a href="/">Trang chủ</a></li><li><a href="/gioi-thieu">Giới thiệu</a></li>
<li><a href="/tin-tuc">Tin tức</a></li><li><a href="/van-ban">Văn bản</a></li>
<li><a href="/lien-he">Liên hệ</a></li></ul></div>
<div class="breadcrumb">Trang chủ &gt; Tin tức &gt; Hoạt động TĐC</div>
<div id="content"><h1 class="title">{title}</h1>
<div class="date">Cập nhật: 16/12/2020 | 11:30:02 AM</div>
<div class="body">{ps(paras[:2])}
<p><img src="image001.jpg" alt="Description: C:\\Users\\abc\\AppData\\Local\\Temp\\image001.jpg"></p>
<p>Description: C:\\Users\\abc\\AppData\\Local\\Temp\\image001.jpg</p>
{ps(paras[2:])}</div>
<div class="tools"><span>Chia sẻ</span> <a href="#">In bài</a> <a href="#">Gửi email</a></div>
<div class="related"><h3>Tin liên quan</h3><ul>
<li><a href="/a">Hội nghị tổng kết công tác năm 2020 của Tổng cục</a></li>
<li><a href="/b">Tập huấn nghiệp vụ đo lường cho cán bộ địa phương</a></li></ul></div></div>
<div id="footer"><p>TỔNG CỤC TIÊU CHUẨN ĐO LƯỜNG CHẤT LƯỢNG</p>
<p>Địa chỉ: Số 8 Hoàng Quốc Việt, Nghĩa Đô, Cầu Giấy, Hà Nội</p>
<p>Điện thoại: (024) 37911633 - Fax: (024) 37911595</p><p>Email: vanthu@tcvn.gov.vn</p></div>
</body></html>"""
    return body, debris


def news_article(title: str, paras: list[str]) -> Page:
    debris = [
        "Trang chủ » Tiêu chuẩn » Tin tức",
        "Thứ bảy, 26/07/2020, 15:50 (GMT+7)",
        "Ảnh: Hà Anh/VietQ",
        "Theo dõi chúng tôi trên Google News",
        "Bài viết liên quan",
        "Đường dây nóng: 0913 442 466",
        "Giấy phép số 123/GP-BTTTT do Bộ Thông tin và Truyền thông cấp",
    ]
    body = f"""<!doctype html><html><head><meta charset="utf-8"><title>{title} | VietQ</title>
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="2020-07-26T15:50:00+07:00"></head><body>
<header><nav><a href="/">Trang chủ</a> <a href="/tieu-chuan">Tiêu chuẩn</a>
<a href="/do-luong">Đo lường</a> <a href="/chat-luong">Chất lượng</a></nav>
<div class="hotline">Đường dây nóng: 0913 442 466</div></header>
<main><div class="breadcrumbs">Trang chủ » Tiêu chuẩn » Tin tức</div>
<article><h1>{title}</h1><div class="meta"><time datetime="2020-07-26T15:50">Thứ bảy, 26/07/2020, 15:50 (GMT+7)</time></div>
<div class="sapo"><strong>{html.escape(paras[0])}</strong></div>
{ps(paras[1:3])}
<figure><img src="hoi-nghi.jpg"><figcaption>Ảnh: Hà Anh/VietQ</figcaption></figure>
{ps(paras[3:])}
<p class="follow">Theo dõi chúng tôi trên Google News</p></article>
<section class="related"><h2>Bài viết liên quan</h2><ul>
<li><a href="/x">Doanh nghiệp áp dụng tiêu chuẩn quốc gia về năng suất</a></li>
<li><a href="/y">Ra mắt mạng lưới chuyên gia năng suất chất lượng</a></li></ul></section></main>
<footer><p>Giấy phép số 123/GP-BTTTT do Bộ Thông tin và Truyền thông cấp</p>
<p>Tòa soạn: Số 8 Hoàng Quốc Việt, Cầu Giấy, Hà Nội</p></footer></body></html>"""
    return body, debris


def table_layout(title: str, paras: list[str]) -> Page:
    # An old portal laid out with tables and <font>, no semantic tags at all.
    debris = [
        "Trang chủ | Giới thiệu | Tin tức | Văn bản pháp quy | Liên hệ",
        "Ngày đăng: 05/03/2019",
        "Về đầu trang",
        "In trang",
        "Các tin khác",
        "Fax: 024.3791.1595",
        "Số lượt truy cập: 1.234.567",
        "Bản quyền thuộc Chi cục Tiêu chuẩn Đo lường Chất lượng",
    ]
    rows = "\n".join(f"<tr><td><font face='Arial'>{html.escape(p)}</font></td></tr>" for p in paras)
    body = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>Chi cục TCĐLCL</title></head><body><table width="100%"><tr><td>
<table><tr><td><a href="/">Trang chủ</a> | <a href="/gt">Giới thiệu</a> | <a href="/tt">Tin tức</a> |
<a href="/vb">Văn bản pháp quy</a> | <a href="/lh">Liên hệ</a></td></tr></table>
<table><tr><td width="200"><b>DANH MỤC</b><br>Tin tức sự kiện<br>Thủ tục hành chính<br>Hỏi đáp</td>
<td><table><tr><td><font size="4"><b>{title}</b></font></td></tr>
<tr><td><i>Ngày đăng: 05/03/2019</i></td></tr>
{rows}
<tr><td align="right"><a href="#">Về đầu trang</a> <a href="#">In trang</a></td></tr></table>
<table><tr><td><b>Các tin khác</b></td></tr><tr><td>Kiểm tra chất lượng xăng dầu quý I</td></tr>
<tr><td>Hướng dẫn đăng ký dấu định lượng</td></tr></table></td></tr></table>
<table><tr><td>Bản quyền thuộc Chi cục Tiêu chuẩn Đo lường Chất lượng<br>
Điện thoại: 024.3791.1633<br>Fax: 024.3791.1595<br>Số lượt truy cập: 1.234.567</td></tr></table>
</td></tr></table></body></html>"""
    return body, debris


def wordpress(title: str, paras: list[str]) -> Page:
    debris = [
        "Bỏ qua nội dung",
        "Đăng lúc: 10:20 ngày 12/04/2021",
        "Chia sẻ bài viết:",
        "Facebook",
        "Zalo",
        "Để lại bình luận",
        "Bài viết mới",
        "Hotline tư vấn: 0987.654.321",
    ]
    body = f"""<!DOCTYPE html><html lang="vi-VN"><head><meta charset="UTF-8">
<title>{title} &#8211; Trung tâm Năng suất</title>
<meta property="article:published_time" content="2021-04-12T10:20:00+07:00"></head>
<body class="single-post"><a class="skip-link screen-reader-text" href="#primary">Bỏ qua nội dung</a>
<header class="site-header"><div class="top-bar">Hotline tư vấn: 0987.654.321</div>
<nav class="main-navigation"><ul><li>Trang chủ</li><li>Dịch vụ</li><li>Đào tạo</li></ul></nav></header>
<div id="primary"><article class="post"><header class="entry-header"><h1 class="entry-title">{title}</h1>
<div class="entry-meta">Đăng lúc: 10:20 ngày 12/04/2021</div></header>
<div class="entry-content">{ps(paras)}</div>
<footer class="entry-footer"><div class="share">Chia sẻ bài viết:<br>Facebook<br>Zalo</div></footer></article>
<div id="comments"><h3>Để lại bình luận</h3><form><textarea></textarea></form></div></div>
<aside class="sidebar"><h3>Bài viết mới</h3><ul><li>Khai giảng khóa ISO 9001</li>
<li>Lean 6 Sigma cho doanh nghiệp nhỏ</li></ul></aside></body></html>"""
    return body, debris


def div_soup(title: str, paras: list[str]) -> Page:
    # Everything in divs with class names, lines separated by <br>, no <p>.
    debris = [
        "Trang chủ > Hợp tác quốc tế",
        "Ngày xuất bản: 14/02/2021 07:28",
        "Chia sẻ: Facebook | Twitter | Email",
        "Ảnh: minh họa",
        "Tin mới nhất",
        "Tel: (84-24) 3791 1632",
        "E-mail: info@tcvn.gov.vn",
    ]
    lines = "<br><br>\n".join(html.escape(p) for p in paras[:3])
    rest = "<br><br>\n".join(html.escape(p) for p in paras[3:])
    body = f"""<html><head><meta charset="utf-8"><title>{title}</title>
<meta name="pubdate" content="2021-02-14"></head><body>
<div class="hd"><div class="mn">Giới thiệu</div><div class="mn">Tổ chức</div><div class="mn">Tin tức</div></div>
<div class="bc">Trang chủ &gt; Hợp tác quốc tế</div>
<div class="ct"><div class="tt">{title}</div><div class="dt">Ngày xuất bản: 14/02/2021 07:28</div>
<div class="nd">{lines}<br><br><img src="a.png"><br>Ảnh: minh họa<br><br>{rest}</div>
<div class="sh">Chia sẻ: Facebook | Twitter | Email</div></div>
<div class="rt"><div class="h">Tin mới nhất</div><div>Hội thảo quốc tế về đo lường</div>
<div>Ký kết biên bản ghi nhớ với KATS</div></div>
<div class="ft">Tel: (84-24) 3791 1632<br>E-mail: info@tcvn.gov.vn</div></body></html>"""
    return body, debris


def ministry(title: str, paras: list[str]) -> Page:
    debris = [
        "English | Tiếng Việt",
        "Đăng nhập | Sơ đồ site",
        "Trang chủ » Tin tức - Sự kiện » Tin hoạt động",
        "Cập nhật lúc 08:15, 25/12/2023",
        "Lượt xem: 2.345",
        "Xem thêm",
        "Các tin đã đưa",
        "Đường dây nóng: 024.3943.6644",
        "Cơ quan chủ quản: Bộ Khoa học và Công nghệ",
    ]
    body = f"""<html><head><meta charset="utf-8"><title>Bộ Khoa học và Công nghệ</title>
<meta property="og:title" content="{title}"></head><body>
<div class="lang">English | Tiếng Việt</div><div class="acc">Đăng nhập | Sơ đồ site</div>
<nav class="menu">Trang chủ Giới thiệu Tin tức - Sự kiện Văn bản Dịch vụ công</nav>
<div class="path">Trang chủ » Tin tức - Sự kiện » Tin hoạt động</div>
<div class="news-detail"><h2 class="title">{title}</h2>
<span class="time">Cập nhật lúc 08:15, 25/12/2023</span> <span class="view">Lượt xem: 2.345</span>
<div class="content">{ps(paras)}</div><a class="more" href="#">Xem thêm</a></div>
<div class="other-news"><b>Các tin đã đưa</b><ul><li>Bộ trưởng làm việc với Tổng cục TĐC (20/12/2023)</li>
<li>Trao giải thưởng chất lượng quốc gia 2023 (15/12/2023)</li></ul></div>
<div class="footer">Cơ quan chủ quản: Bộ Khoa học và Công nghệ<br>Đường dây nóng: 024.3943.6644</div>
</body></html>"""
    return body, debris


def interview(title: str, paras: list[str]) -> Page:
    debris = [
        "Chuyển đến nội dung chính",
        "Trang chủ > Phỏng vấn",
        "Thứ ba, 02/01/2024 09:00",
        "Chia sẻ",
        "Bình luận",
        "Tin cùng chuyên mục",
        "Hotline: 0904 123 456 - Email: toasoan@vietq.vn",
    ]
    body = f"""<html><head><meta charset="utf-8"><title>{title}</title>
<meta itemprop="datePublished" content="2024-01-02T09:00:00+07:00"></head><body>
<a href="#main" class="sr-only">Chuyển đến nội dung chính</a>
<div class="header"><ul><li>Thời sự</li><li>Phỏng vấn</li><li>Doanh nghiệp</li></ul></div>
<div class="breadcrumb"><a>Trang chủ</a> &gt; <a>Phỏng vấn</a></div>
<div id="main" class="detail"><h1>{title}</h1><p class="date">Thứ ba, 02/01/2024 09:00</p>
{ps(paras)}
<div class="social"><a>Chia sẻ</a> <a>Bình luận</a></div></div>
<div class="box"><h4>Tin cùng chuyên mục</h4><p>Nâng cao năng suất lao động trong doanh nghiệp</p></div>
<div class="footer"><p>Hotline: 0904 123 456 - Email: toasoan@vietq.vn</p></div></body></html>"""
    return body, debris


def province(title: str, paras: list[str]) -> Page:
    # A provincial department page: content table with a data table inside it.
    debris = [
        "Sở Khoa học và Công nghệ tỉnh Bắc Ninh",
        "Trang chủ > Tin tức > Tiêu chuẩn - Đo lường - Chất lượng",
        "Ngày đăng: 18/11/2020 - 14:32",
        "Ảnh: Chi cục TĐC Bắc Ninh",
        "In bài viết",
        "Tin khác",
        "Điện thoại: 0222.3822.571 - Fax: 0222.3822.570",
    ]
    body = f"""<html><head><meta charset="utf-8"><title>Sở KH&amp;CN Bắc Ninh</title></head><body>
<div id="banner">Sở Khoa học và Công nghệ tỉnh Bắc Ninh</div>
<div id="menu"><a>Giới thiệu</a><a>Tin tức</a><a>Thủ tục hành chính</a></div>
<div class="breadcrumb">Trang chủ &gt; Tin tức &gt; Tiêu chuẩn - Đo lường - Chất lượng</div>
<div class="article"><h1>{title}</h1><div class="date">Ngày đăng: 18/11/2020 - 14:32</div>
{ps(paras[:2])}<p><img src="x.jpg"></p><p><em>Ảnh: Chi cục TĐC Bắc Ninh</em></p>{ps(paras[2:])}
<p><a href="#">In bài viết</a></p></div>
<div class="others"><h3>Tin khác</h3><ul><li>Kiểm tra đo lường đối với cột đo xăng dầu</li></ul></div>
<div id="footer">Điện thoại: 0222.3822.571 - Fax: 0222.3822.570</div></body></html>"""
    return body, debris


def portal_tabs(title: str, paras: list[str]) -> Page:
    debris = [
        "Skip to content",
        "Trang chủ / Tin tức / Hội nhập",
        "Ngày cập nhật: 20/02/2021",
        "Chia sẻ bài viết",
        "Gửi bài viết qua email",
        "Bài viết khác",
        "Hotline: 1800.599.920",
    ]
    body = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title} - Cổng thông tin</title>
</head><body><a href="#c" class="skip">Skip to content</a>
<div class="topnav">Trang chủ Tin tức Hội nhập Văn bản Liên hệ</div>
<div class="crumbs">Trang chủ / Tin tức / Hội nhập</div>
<div id="c"><h1>{title}</h1><div class="pub">Ngày cập nhật: 20/02/2021</div>
{ps(paras)}
<div class="actions">Chia sẻ bài viết</div><div class="actions">Gửi bài viết qua email</div></div>
<div class="more"><h3>Bài viết khác</h3><p>Thúc đẩy thừa nhận lẫn nhau trong ASEAN</p></div>
<div class="foot">Hotline: 1800.599.920</div></body></html>"""
    return body, debris


def short_notice(title: str, paras: list[str]) -> Page:
    # A short page: one paragraph, little for a main-content extractor to go on.
    debris = ["Trang chủ > Thông báo", "Ngày đăng: 03/06/2022", "Hotline: 1900 1234"]
    body = f"""<html><head><meta charset="utf-8"><title>{title}</title></head><body>
<div class="bc">Trang chủ &gt; Thông báo</div><h1>{title}</h1><div>Ngày đăng: 03/06/2022</div>
{ps(paras[:1])}<div class="f">Hotline: 1900 1234</div></body></html>"""
    return body, debris


PAGES: list[tuple[str, Callable[[str, list[str]], Page], str, str, slice, str]] = [
    (
        "01-cong-tong-cuc",
        gov_portal,
        "giai-doan-2015-2020",
        "Hợp tác quốc tế về tiêu chuẩn đo lường chất lượng",
        slice(0, 6),
        "2020-12-16",
    ),
    (
        "02-bao-dien-tu",
        news_article,
        "giai-doan-2015-2020",
        "Tăng cường năng lực kỹ thuật và hội nhập",
        slice(5, 11),
        "2020-07-26",
    ),
    (
        "03-chi-cuc-bang",
        table_layout,
        "bien-thach-thuc",
        "Biến thách thức thành cơ hội",
        slice(0, 7),
        "2019-03-05",
    ),
    (
        "04-wordpress",
        wordpress,
        "bien-thach-thuc",
        "Hội nhập quốc tế năm 2021",
        slice(7, 15),
        "2021-04-12",
    ),
    (
        "05-div-soup",
        div_soup,
        "chu-tich-apo-accsq",
        "Việt Nam đảm nhận vai trò Chủ tịch APO và ACCSQ",
        slice(0, 8),
        "2021-02-14",
    ),
    (
        "06-bo-khcn",
        ministry,
        "tong-ket-tdc-2023",
        "Hội nghị tổng kết công tác năm 2023 của Tổng cục",
        slice(0, 8),
        "2023-12-25",
    ),
    (
        "07-phong-van",
        interview,
        "tam-nhin-stameq-2030",
        "Kết quả năm 2023 và tầm nhìn 2030",
        slice(0, 8),
        "2024-01-02",
    ),
    (
        "08-so-khcn",
        province,
        "tong-ket-tdc-2023",
        "Định hướng năm 2024",
        slice(8, 16),
        "2020-11-18",
    ),
    (
        "09-cong-hoi-nhap",
        portal_tabs,
        "chu-tich-apo-accsq",
        "Hợp tác ASEAN về tiêu chuẩn và chất lượng",
        slice(8, 16),
        "2021-02-20",
    ),
    (
        "10-thong-bao-ngan",
        short_notice,
        "tam-nhin-stameq-2030",
        "Thông báo về tầm nhìn STAMEQ 2030",
        slice(8, 9),
        "2022-06-03",
    ),
]


def main() -> None:
    for name, template, source, title, part, date in PAGES:
        paras = paragraphs(source)[part]
        page, debris = template(title, paras)
        (HERE / f"{name}.html").write_text(page, encoding="utf-8")
        expected = {"title": title, "date": date, "paragraphs": paras, "debris": debris}
        (HERE / f"{name}.json").write_text(
            json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )


if __name__ == "__main__":
    main()
