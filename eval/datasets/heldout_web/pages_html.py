"""Six synthetic HTML pages (article body + site boilerplate). Invented content."""

from __future__ import annotations

# ---------------------------------------------------------------- site templates

COOKIE = """<div id="cookie-consent" class="cookie-bar">Trang web sử dụng cookie để cải thiện trải nghiệm của bạn. Bằng việc tiếp tục truy cập, bạn đồng ý với <a href="/chinh-sach-cookie">chính sách cookie</a> của chúng tôi. <button type="button" onclick="acceptCookie()">Đồng ý</button></div>"""


def site_uyban(title, date_line, crumb, body, related, views):
    rel = "\n".join(
        f'          <li><a href="/tin-tuc/{i}">{t}</a> <span class="date">({d})</span></li>'
        for i, (t, d) in enumerate(related, 3811)
    )
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} - Cổng thông tin điện tử</title>
<link rel="stylesheet" href="/themes/tcvn/css/main.min.css?v=3.2.1">
<script async src="https://www.googletagmanager.com/gtag/js?id=G-8XK2T4QW1P"></script>
<script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}} gtag('js', new Date()); gtag('config', 'G-8XK2T4QW1P');</script>
<style>.cookie-bar{{position:fixed;bottom:0}} .share a{{margin-right:6px}}</style>
</head>
<body>
<div class="top-bar"><span>Hotline: 024 3791 1612</span> | <a href="/en">English</a> | <a href="/dang-nhap">Đăng nhập</a> | <a href="/so-do-site">Sơ đồ site</a></div>
<header class="site-header">
  <a class="logo" href="/"><img src="/themes/tcvn/img/logo.png" alt="Logo"></a>
  <div class="site-name">CỔNG THÔNG TIN ĐIỆN TỬ<br>TIÊU CHUẨN ĐO LƯỜNG CHẤT LƯỢNG</div>
  <form class="search" action="/tim-kiem"><input type="text" name="q" placeholder="Nhập từ khóa tìm kiếm..."><button>Tìm kiếm</button></form>
</header>
<nav class="main-menu">
  <ul>
    <li><a href="/">Trang chủ</a></li>
    <li><a href="/gioi-thieu">Giới thiệu</a></li>
    <li><a href="/tin-tuc">Tin tức - Sự kiện</a></li>
    <li><a href="/van-ban">Văn bản pháp quy</a></li>
    <li><a href="/thu-tuc-hanh-chinh">Thủ tục hành chính</a></li>
    <li><a href="/tieu-chuan">Tra cứu TCVN</a></li>
    <li><a href="/hoi-dap">Hỏi đáp</a></li>
    <li><a href="/lien-he">Liên hệ</a></li>
  </ul>
</nav>
<div class="breadcrumb"><a href="/">Trang chủ</a> &gt; <a href="/tin-tuc">Tin tức</a> &gt; <span>{crumb}</span></div>
<main class="container">
  <div class="row">
    <div class="col-md-8">
      <article class="news-detail">
        <h1 class="title">{title}</h1>
        <div class="meta"><span class="date">{date_line}</span> <span class="views">Lượt xem: {views}</span></div>
        <div class="share"><span>Chia sẻ:</span> <a href="#" class="fb">Facebook</a> <a href="#" class="zalo">Zalo</a> <a href="#" class="tw">Twitter</a> <a href="#" onclick="window.print()">In bài viết</a> <a href="#">Gửi email</a></div>
        <div class="content">
{body}
        </div>
        <div class="share bottom"><a href="#" class="fb">Thích 12</a> <a href="#" class="fb">Chia sẻ</a> <a href="#" class="zalo">Gửi Zalo</a></div>
      </article>
      <section class="related">
        <h3>Tin liên quan</h3>
        <ul>
{rel}
        </ul>
      </section>
    </div>
    <aside class="col-md-4">
      <div class="box"><h4>Liên kết website</h4><select><option>-- Chọn liên kết --</option><option>Bộ Khoa học và Công nghệ</option><option>Cổng Dịch vụ công quốc gia</option><option>ISO</option><option>IEC</option></select></div>
      <div class="box"><h4>Thống kê truy cập</h4><p>Đang truy cập: 214</p><p>Hôm nay: 5.872</p><p>Tổng lượt truy cập: 18.406.113</p></div>
    </aside>
  </div>
</main>
<footer class="site-footer">
  <p>CỔNG THÔNG TIN ĐIỆN TỬ - ỦY BAN TIÊU CHUẨN ĐO LƯỜNG CHẤT LƯỢNG QUỐC GIA</p>
  <p>Địa chỉ: Số 8 Hoàng Quốc Việt, phường Nghĩa Đô, Hà Nội. Điện thoại: (024) 3791 1612 - Fax: (024) 3791 1595</p>
  <p>Email: vanphong@tcvn.gov.vn. Ghi rõ nguồn khi phát hành lại thông tin từ website này.</p>
  <p>© Bản quyền thuộc về Ủy ban Tiêu chuẩn Đo lường Chất lượng Quốc gia. Giấy phép số 54/GP-TTĐT.</p>
</footer>
{COOKIE}
<script src="/themes/tcvn/js/jquery.min.js"></script>
<script>function acceptCookie(){{document.getElementById('cookie-consent').style.display='none';}}</script>
</body>
</html>
"""


def site_vietq(title, date_line, crumb, body, related, views):
    rel = "\n".join(
        f'      <div class="item"><a href="/{t.lower()[:20].replace(" ", "-")}-{i}.htm">{t}</a></div>'
        for i, (t, d) in enumerate(related, 240517)
    )
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="UTF-8">
<title>{title} | Chất lượng Việt Nam</title>
<meta property="og:title" content="{title}">
<meta property="og:type" content="article">
<script type="text/javascript">var _ads_zone = 'vq_detail_top'; var pageType = 'detail';</script>
</head>
<body class="detail-page">
<div class="header-top"><span class="today">{date_line.split(",")[0]}, {date_line.split(",")[1].split()[0] if "," in date_line else ""}</span> <a href="/rss">RSS</a> <a href="/lien-he-quang-cao">Liên hệ quảng cáo</a></div>
<div class="menu">
  <a href="/">Trang chủ</a> <a href="/thoi-su">Thời sự</a> <a href="/tieu-chuan-do-luong">Tiêu chuẩn - Đo lường</a> <a href="/nang-suat">Năng suất chất lượng</a> <a href="/canh-bao">Cảnh báo</a> <a href="/chong-hang-gia">Chống hàng giả</a> <a href="/doanh-nghiep">Doanh nghiệp</a> <a href="/video">Video</a> <a href="/emagazine">eMagazine</a>
</div>
<div class="bread"><a href="/">Trang chủ</a> » <a href="/{crumb.lower().replace(" ", "-")}">{crumb}</a></div>
<div class="detail-wrap">
  <div class="advert"><a href="https://ads.example.vn/click?z=77">Quảng cáo</a></div>
  <div id="article-body">
    <h1 class="article-title">{title}</h1>
    <div class="article-date">{date_line}</div>
    <div class="social"><a href="#">Chia sẻ Facebook</a> <a href="#">Zalo</a> <a href="#">Copy link</a> <a href="#">Lưu bài</a></div>
{body}
  </div>
  <div class="tags">Từ khóa: <a href="/tag/tcdlcl">TCĐLCL</a> <a href="/tag/chat-luong">chất lượng</a> <a href="/tag/tieu-chuan">tiêu chuẩn</a></div>
  <div class="view-count">Lượt xem: {views}</div>
  <div class="rating">Đánh giá bài viết: ☆☆☆☆☆ (Di chuột vào ngôi sao để chọn điểm)</div>
  <div class="comment-box"><h4>Bình luận</h4><textarea placeholder="Ý kiến của bạn..."></textarea><button>Gửi bình luận</button><p>Bình luận của bạn sẽ được kiểm duyệt trước khi đăng.</p></div>
  <div class="related-news">
    <h3>Tin cùng chuyên mục</h3>
{rel}
  </div>
</div>
<div class="footer">
  <p>TẠP CHÍ ĐIỆN TỬ CHẤT LƯỢNG VIỆT NAM - VIETQ.VN</p>
  <p>Tòa soạn: Số 8 Hoàng Quốc Việt, Cầu Giấy, Hà Nội. Đường dây nóng: 0912 345 678. Email: toasoan@vietq.vn</p>
  <p>Giấy phép hoạt động báo chí điện tử số 412/GP-BTTTT. Bản quyền © 2012-2025. Không được sao chép khi chưa có sự đồng ý bằng văn bản.</p>
</div>
<script src="/js/vq.bundle.js?v=20240301"></script>
</body>
</html>
"""


def site_sokhcn(title, date_line, crumb, body, related, views):
    rel = "\n".join(
        f'<li><a href="/tin-tuc/chi-tiet/{i}">{t}</a> - {d}</li>'
        for i, (t, d) in enumerate(related, 9150)
    )
    return f"""<html>
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><title>Sở Khoa học và Công nghệ Hà Nội - {title}</title></head>
<body>
<table width="100%" class="banner"><tr><td><img src="/images/banner_skhcn.jpg" alt="SỞ KHOA HỌC VÀ CÔNG NGHỆ HÀ NỘI"></td></tr></table>
<div id="menu"><ul><li><a href="/">TRANG CHỦ</a></li><li><a href="/gioi-thieu">GIỚI THIỆU</a></li><li><a href="/tin-tuc">TIN TỨC</a></li><li><a href="/tcdlcl">TIÊU CHUẨN ĐO LƯỜNG CHẤT LƯỢNG</a></li><li><a href="/dich-vu-cong">DỊCH VỤ CÔNG</a></li><li><a href="/lien-he">LIÊN HỆ</a></li></ul></div>
<div class="path">Bạn đang ở: <a href="/">Trang chủ</a> &gt; <a href="/tin-tuc">Tin tức</a> &gt; {crumb}</div>
<div id="content">
<div class="tin-chi-tiet">
<h2>{title}</h2>
<p class="ngay-dang">Ngày đăng: {date_line} &nbsp; | &nbsp; Số lượt xem: {views}</p>
{body}
<p class="tool"><a href="javascript:window.print()">[In trang]</a> <a href="#top">[Về đầu trang]</a> <a href="javascript:history.back()">[Quay lại]</a></p>
</div>
<div class="tin-khac"><b>Các tin khác:</b><ul>
{rel}
</ul></div>
</div>
<div id="footer">
<p>SỞ KHOA HỌC VÀ CÔNG NGHỆ THÀNH PHỐ HÀ NỘI</p>
<p>Địa chỉ: 5 Nguyễn Trãi, quận Hà Đông, Hà Nội - Điện thoại: 024.3382 7186</p>
<p>Chịu trách nhiệm chính: Giám đốc Sở. Thiết kế bởi Trung tâm Thông tin và Thống kê KH&amp;CN.</p>
</div>
<div class="counter">Đang online: 37 - Tổng truy cập: 2.315.904</div>
</body>
</html>
"""


def site_gs1(title, date_line, crumb, body, related, views):
    rel = "\n".join(
        f'  <li><a href="/tin-tuc/{i}.html">{t}</a></li>' for i, (t, d) in enumerate(related, 611)
    )
    return f"""<!doctype html>
<html lang="vi">
<head><meta charset="utf-8"><title>{title}</title><meta name="description" content="Tin tức GS1 Việt Nam"></head>
<body>
<div class="lang"><a href="?lang=vi">Tiếng Việt</a> | <a href="?lang=en">English</a></div>
<nav><a href="/">Trang chủ</a> · <a href="/gioi-thieu">Về GS1 Việt Nam</a> · <a href="/dang-ky-ma">Đăng ký mã số mã vạch</a> · <a href="/tra-cuu">Tra cứu mã</a> · <a href="/truy-xuat">Truy xuất nguồn gốc</a> · <a href="/tin-tuc">Tin tức</a> · <a href="/bieu-mau">Biểu mẫu</a></nav>
<div class="breadcrumbs">Trang chủ / Tin tức / {crumb}</div>
<section class="post">
<h1>{title}</h1>
<div class="post-meta">Đăng lúc: {date_line} · Lượt xem {views}</div>
<div class="post-content">
{body}
</div>
<div class="share-buttons">Chia sẻ bài viết: <a href="#">Facebook</a> <a href="#">LinkedIn</a> <a href="#">Zalo</a></div>
</section>
<aside class="related-posts"><h4>Bài viết liên quan</h4><ul>
{rel}
</ul></aside>
<div class="hotline-float">Hỗ trợ đăng ký mã: 024 3836 1463</div>
<footer>
<p>GS1 Việt Nam. Địa chỉ: Số 8 Hoàng Quốc Việt, Hà Nội. Chi nhánh phía Nam: 263 Điện Biên Phủ, TP. Hồ Chí Minh.</p>
<p>Copyright © 2025 GS1 Việt Nam. All rights reserved.</p>
</footer>
{COOKIE}
</body>
</html>
"""


# ---------------------------------------------------------------- 1. national quality award

P1_BODY = """<p class="sapo"><strong>Sáng 11/4/2024, tại Trung tâm Hội nghị Quốc gia (Hà Nội), Bộ Khoa học và Công nghệ tổ chức Lễ trao Giải thưởng Chất lượng Quốc gia (GTCLQG) năm 2023 cho 86 doanh nghiệp có thành tích xuất sắc trong nâng cao chất lượng sản phẩm, hàng hóa, dịch vụ.</strong></p>
<p>Dự buổi lễ có Thứ trưởng Bộ Khoa học và Công nghệ Trịnh Văn Khải, Tổng cục trưởng Tổng cục Tiêu chuẩn Đo lường Chất lượng (TCĐLCL) Nguyễn Minh Tuấn, đại diện lãnh đạo các bộ, ngành, hiệp hội và gần 600 đại biểu là lãnh đạo các doanh nghiệp đạt giải.</p>
<h2>Tỷ lệ Giải Vàng cao nhất từ trước đến nay</h2>
<p>Theo Quyết định số 742/QĐ-TTg ngày 25/3/2024 của Thủ tướng Chính phủ, 86 doanh nghiệp được tặng GTCLQG năm 2023, trong đó có 14 doanh nghiệp đạt Giải Vàng và 72 doanh nghiệp đạt Giải Bạc. So với kỳ xét thưởng năm 2022 (71 doanh nghiệp đạt giải, trong đó 11 Giải Vàng), số doanh nghiệp đạt giải năm nay tăng 15 doanh nghiệp.</p>
<p>Năm 2023, Hội đồng Quốc gia GTCLQG đã tiếp nhận 132 hồ sơ đăng ký tham dự của doanh nghiệp đến từ 31 tỉnh, thành phố. Các hồ sơ được 8 Hội đồng sơ tuyển khu vực đánh giá tại doanh nghiệp trong khoảng thời gian từ tháng 7 đến tháng 10/2023, trước khi Hội đồng Quốc gia họp xét chọn ngày 15/12/2023.</p>
<p>Cơ cấu doanh nghiệp đạt giải theo loại hình như sau:</p>
<table class="table-bordered">
<thead><tr><th>Loại hình doanh nghiệp</th><th>Số doanh nghiệp đạt giải</th><th>Trong đó Giải Vàng</th></tr></thead>
<tbody>
<tr><td>Sản xuất lớn</td><td>38</td><td>7</td></tr>
<tr><td>Sản xuất nhỏ và vừa</td><td>29</td><td>4</td></tr>
<tr><td>Dịch vụ lớn</td><td>11</td><td>2</td></tr>
<tr><td>Dịch vụ nhỏ và vừa</td><td>8</td><td>1</td></tr>
<tr><td><strong>Tổng cộng</strong></td><td><strong>86</strong></td><td><strong>14</strong></td></tr>
</tbody>
</table>
<h2>Đánh giá theo 7 tiêu chí của mô hình Baldrige</h2>
<p>Phát biểu tại buổi lễ, Tổng cục trưởng Nguyễn Minh Tuấn cho biết GTCLQG được xây dựng trên cơ sở mô hình Giải thưởng Chất lượng Quốc gia Malcolm Baldrige của Hoa Kỳ, doanh nghiệp được đánh giá theo 7 tiêu chí với tổng điểm tối đa là 1.000 điểm, gồm:</p>
<ul>
<li>Vai trò của lãnh đạo;</li>
<li>Chiến lược;</li>
<li>Định hướng vào khách hàng;</li>
<li>Đo lường, phân tích và quản lý tri thức;</li>
<li>Định hướng vào nguồn nhân lực;</li>
<li>Định hướng vào hoạt động;</li>
<li>Kết quả hoạt động.</li>
</ul>
<p>Giải thưởng được khởi xướng từ năm 1996 với tên gọi Giải thưởng Chất lượng Việt Nam và từ năm 2007 được nâng lên thành Giải thưởng Chất lượng Quốc gia, là một trong 4 giải thưởng cấp nhà nước trong lĩnh vực khoa học và công nghệ. Sau gần 30 năm, đã có hơn 2.700 lượt doanh nghiệp được tôn vinh.</p>
<p>Doanh nghiệp đạt Giải Vàng được nhận cúp và Bằng khen của Thủ tướng Chính phủ; doanh nghiệp đạt Giải Bạc được nhận cúp và Bằng khen của Bộ trưởng Bộ Khoa học và Công nghệ. Đáng chú ý, Công ty Cổ phần Nhựa Thiên Phúc (Bình Dương) là doanh nghiệp duy nhất lần thứ ba liên tiếp đạt Giải Vàng.</p>
<h2>Bước đệm ra khu vực</h2>
<p>Từ các doanh nghiệp đạt Giải Vàng, Hội đồng Quốc gia đã lựa chọn 3 doanh nghiệp để đề cử tham dự Giải thưởng Chất lượng Quốc tế Châu Á – Thái Bình Dương (GPEA) năm 2024 do Tổ chức Chất lượng Châu Á – Thái Bình Dương (APQO) tổ chức. Đại diện doanh nghiệp đạt giải, bà Phan Thị Thu Hà, Tổng Giám đốc Công ty TNHH Chế biến Thủy sản Minh Hải Xanh (Cà Mau), chia sẻ quá trình chuẩn bị hồ sơ đã giúp doanh nghiệp rà soát lại toàn bộ hệ thống quản lý và giảm 18% tỷ lệ sản phẩm lỗi trong năm 2023.</p>
<p>Thứ trưởng Trịnh Văn Khải đề nghị Tổng cục TCĐLCL tiếp tục đổi mới công tác xét thưởng, tăng cường ứng dụng công nghệ số trong tiếp nhận hồ sơ và đẩy mạnh truyền thông để lan tỏa tấm gương các doanh nghiệp đạt giải tới cộng đồng doanh nghiệp nhỏ và vừa.</p>
<p class="author" style="text-align:right"><em>Minh Châu</em></p>"""

P1_RELATED = [
    ("Phát động Giải thưởng Chất lượng Quốc gia năm 2024", "02/05/2024"),
    ("Hướng dẫn lập hồ sơ tham dự GTCLQG cho doanh nghiệp nhỏ và vừa", "15/03/2024"),
    ("Doanh nghiệp Việt tham dự Giải thưởng GPEA: cơ hội và thách thức", "20/11/2023"),
    ("Hội nghị tập huấn chuyên gia đánh giá GTCLQG khu vực phía Nam", "08/06/2023"),
]

# ---------------------------------------------------------------- 2. productivity programme

P2_BODY = """<p><b>(VietQ.vn) - Sau 3 năm triển khai, Chương trình năng suất quốc gia đã hỗ trợ 2.146 doanh nghiệp áp dụng hệ thống quản lý và công cụ cải tiến, đào tạo 486 chuyên gia năng suất được cấp chứng chỉ.</b></p>
<p>Ngày 17/1/2024, tại thành phố Đà Nẵng, Tổng cục Tiêu chuẩn Đo lường Chất lượng phối hợp với Sở Khoa học và Công nghệ Đà Nẵng tổ chức Hội nghị tổng kết năm 2023 Chương trình quốc gia hỗ trợ doanh nghiệp nâng cao năng suất và chất lượng sản phẩm, hàng hóa giai đoạn 2021–2030 (gọi tắt là Chương trình năng suất quốc gia). Hội nghị có sự tham dự của khoảng 250 đại biểu đến từ 42 sở khoa học và công nghệ, các hiệp hội ngành nghề và doanh nghiệp.</p>
<p>Chương trình được Thủ tướng Chính phủ phê duyệt tại Quyết định số 1322/QĐ-TTg ngày 31/8/2020. Để cụ thể hóa, Bộ Khoa học và Công nghệ đã ban hành Kế hoạch thực hiện Chương trình giai đoạn 2021–2025 kèm theo Quyết định số 1857/QĐ-BKHCN ngày 12/7/2021, trong đó giao Viện Năng suất Việt Nam (VNPI) là đầu mối điều phối các hoạt động đào tạo, tư vấn và truyền thông.</p>
<h3>Kết quả qua các năm</h3>
<table border="1" cellpadding="4">
<tr><th>Năm</th><th>Số doanh nghiệp được hỗ trợ</th><th>Số chuyên gia được cấp chứng chỉ</th></tr>
<tr><td>2021</td><td>549</td><td>117</td></tr>
<tr><td>2022</td><td>785</td><td>205</td></tr>
<tr><td>2023</td><td>812</td><td>164</td></tr>
</table>
<p>Báo cáo tại hội nghị, ông Nguyễn Quốc Bảo, Viện trưởng Viện Năng suất Việt Nam cho biết, riêng trong năm 2023, Chương trình đã hỗ trợ 812 doanh nghiệp, trong đó 61% là doanh nghiệp nhỏ và vừa. Các công cụ được doanh nghiệp áp dụng nhiều nhất là 5S, Kaizen, Lean và duy trì năng suất toàn diện (TPM). Tại những doanh nghiệp được hỗ trợ, năng suất lao động bình quân tăng 14,2%, chi phí sản xuất giảm khoảng 8%.</p>
<p>Bên cạnh đó, năm 2023 có 23 tỉnh, thành phố đã ban hành chương trình năng suất cấp địa phương, nâng tổng số địa phương có chương trình riêng lên 49. Công tác đào tạo về năng suất cũng được đưa vào giảng dạy tại 15 trường đại học và cao đẳng.</p>
<h3>Mục tiêu đến năm 2030</h3>
<p>Theo Quyết định 1322/QĐ-TTg, đến năm 2030 Chương trình hướng tới các mục tiêu chính:</p>
<ul>
<li>Hỗ trợ trực tiếp ít nhất 10.000 doanh nghiệp cải tiến năng suất và chất lượng;</li>
<li>Đào tạo 1.000 chuyên gia năng suất được cấp chứng chỉ;</li>
<li>Góp phần đưa tốc độ tăng năng suất lao động bình quân đạt trên 6,5%/năm.</li>
</ul>
<p>Phát biểu chỉ đạo, Phó Tổng cục trưởng Lê Thị Ngọc Anh nhấn mạnh, để hoàn thành mục tiêu 1.000 chuyên gia năng suất, từ nay đến năm 2025 mỗi năm cần đào tạo thêm khoảng 250 chuyên gia. Bà đề nghị các địa phương bố trí kinh phí đối ứng và ưu tiên hỗ trợ các doanh nghiệp trong chuỗi cung ứng của sản phẩm chủ lực.</p>
<p>Dịp này, Tổng cục đã trao chứng chỉ cho 32 chuyên gia năng suất khu vực miền Trung và ký kết thỏa thuận hợp tác với Sở Khoa học và Công nghệ Quảng Nam về triển khai mô hình điểm năng suất cho ngành chế biến gỗ.</p>
<p style="text-align:right"><b>Hoàng Lan</b></p>"""

P2_RELATED = [
    ("Tuần lễ Năng suất Việt Nam 2023: Lan tỏa phong trào cải tiến", ""),
    ("Viện Năng suất Việt Nam đào tạo chuyên gia Lean cho doanh nghiệp dệt may", ""),
    ("Năng suất xanh – hướng đi tất yếu cho doanh nghiệp nhỏ và vừa", ""),
    ("APO hỗ trợ Việt Nam xây dựng mô hình năng suất số", ""),
]

# ---------------------------------------------------------------- 3. Hanoi fuel pump inspection

P3_BODY = """<p><b>Từ ngày 10/6 đến ngày 20/9/2024, Chi cục Tiêu chuẩn Đo lường Chất lượng Hà Nội đã kiểm tra nhà nước về đo lường tại 312 cửa hàng bán lẻ xăng dầu trên địa bàn 12 quận, huyện, thị xã.</b></p>
<p>Đợt kiểm tra được thực hiện theo Quyết định số 156/QĐ-CCTĐC ngày 05/6/2024 của Chi cục trưởng Chi cục Tiêu chuẩn Đo lường Chất lượng Hà Nội về việc thành lập 4 đoàn kiểm tra. Nội dung kiểm tra tập trung vào việc thực hiện các yêu cầu đối với phương tiện đo (dấu kiểm định, tem kiểm định, giấy chứng nhận kiểm định còn hiệu lực), sai số của cột đo nhiên liệu và lượng xăng dầu khi bán so với lượng hiển thị trên cột đo.</p>
<p>Kết quả, các đoàn đã kiểm tra tổng cộng 1.250 cột đo xăng dầu, trong đó phát hiện 17 cột đo có sai số vượt giới hạn cho phép (±0,5%). Ngoài ra, 6 cột đo có tem kiểm định bị rách hoặc hết hiệu lực. Chi cục đã ban hành quyết định xử phạt vi phạm hành chính đối với 9 cơ sở với tổng số tiền 186 triệu đồng và yêu cầu tạm dừng sử dụng các cột đo vi phạm cho đến khi được hiệu chỉnh, kiểm định lại.</p>
<table border="1">
<caption>Kết quả kiểm tra theo địa bàn (một số địa bàn tiêu biểu)</caption>
<tr><th>Địa bàn</th><th>Số cửa hàng</th><th>Số cột đo</th><th>Cột đo vi phạm sai số</th></tr>
<tr><td>Huyện Đông Anh</td><td>41</td><td>168</td><td>4</td></tr>
<tr><td>Huyện Gia Lâm</td><td>37</td><td>149</td><td>3</td></tr>
<tr><td>Quận Hà Đông</td><td>29</td><td>121</td><td>2</td></tr>
<tr><td>Thị xã Sơn Tây</td><td>22</td><td>84</td><td>3</td></tr>
</table>
<p>So với năm 2023, khi Chi cục kiểm tra 286 cửa hàng với 1.104 cột đo và phát hiện 23 cột đo sai số vượt mức cho phép, tỷ lệ cột đo vi phạm năm nay đã giảm từ 2,1% xuống còn 1,4%. Theo bà Lương Thị Hồng Vân, Chi cục trưởng Chi cục TCĐLCL Hà Nội, kết quả này cho thấy ý thức chấp hành quy định về đo lường của các doanh nghiệp kinh doanh xăng dầu đã được nâng lên, đặc biệt sau khi nhiều cửa hàng lắp đặt thiết bị in hóa đơn điện tử kết nối trực tiếp với cột đo.</p>
<h3>Kiểm tra đồng hồ tính tiền taxi</h3>
<p>Song song với kiểm tra xăng dầu, trong tháng 8/2024 Chi cục đã phối hợp với Phòng Cảnh sát giao thông kiểm tra 420 đồng hồ tính tiền taxi của 6 hãng taxi đang hoạt động trên địa bàn thành phố. Có 5 đồng hồ không đạt yêu cầu do sai số quãng đường vượt quá ±2% hoặc niêm phong bị can thiệp.</p>
<p>Chi cục khuyến cáo người tiêu dùng khi mua xăng dầu cần quan sát số lượng hiển thị trên cột đo, yêu cầu cửa hàng xuất hóa đơn và có thể đề nghị đong kiểm tra lại bằng bình chuẩn kim loại 10 lít đặt sẵn tại cửa hàng. Mọi phản ánh về gian lận đo lường xin gửi về đường dây nóng của Chi cục: 024.3773 2218.</p>
<p>Trong quý IV/2024, Chi cục tiếp tục kiểm tra đo lường đối với các trạm cân ô tô tại khu vực các mỏ khai thác vật liệu xây dựng và cân sử dụng tại các chợ dân sinh.</p>
<p style="text-align: right;"><i>Chi cục TCĐLCL Hà Nội</i></p>"""

P3_RELATED = [
    ("Tập huấn nghiệp vụ kiểm tra đo lường cho cán bộ cấp huyện năm 2024", "12/04/2024"),
    ("Hà Nội: Cảnh báo gian lận đo lường trong kinh doanh khí dầu mỏ hóa lỏng", "03/03/2024"),
    (
        "Kết quả kiểm tra chất lượng mũ bảo hiểm tại các cửa hàng trên địa bàn thành phố",
        "20/12/2023",
    ),
]

# ---------------------------------------------------------------- 4. GS1 barcodes

P4_BODY = """<p><strong>Năm 2024, Trung tâm Mã số Mã vạch Quốc gia (GS1 Việt Nam) đã cấp mới mã số doanh nghiệp cho 9.764 tổ chức, doanh nghiệp, tăng 12,4% so với năm 2023.</strong></p>
<p>Thông tin trên được đưa ra tại Hội nghị khách hàng năm 2024 do GS1 Việt Nam tổ chức ngày 20/12/2024 tại TP. Hồ Chí Minh, với sự tham gia của hơn 420 doanh nghiệp thành viên. Trong năm 2023, số doanh nghiệp được cấp mới là 8.687.</p>
<p>Tính đến hết năm 2024, hệ thống GS1 Việt Nam có 31.520 doanh nghiệp thành viên đang duy trì sử dụng mã số mã vạch với tiền tố mã quốc gia 893. Ba địa phương có số doanh nghiệp được cấp mới nhiều nhất trong năm là TP. Hồ Chí Minh (3.215 doanh nghiệp), Hà Nội (2.480 doanh nghiệp) và Bình Dương (612 doanh nghiệp).</p>
<h2>Nhiều thay đổi sau Nghị định 13</h2>
<p>Theo bà Đặng Thu Trang, Giám đốc GS1 Việt Nam, Nghị định số 13/2022/NĐ-CP ngày 21/01/2022 của Chính phủ sửa đổi, bổ sung quy định về quản lý mã số mã vạch đã đơn giản hóa đáng kể thủ tục hành chính: doanh nghiệp có thể nộp hồ sơ trực tuyến hoàn toàn trên Cổng Dịch vụ công quốc gia, thời gian cấp mã rút ngắn từ 15 ngày xuống còn 5 ngày làm việc. Trong năm 2024, 97% hồ sơ đề nghị cấp mã được nộp trực tuyến.</p>
<p>Nghị định cũng quy định rõ trách nhiệm của tổ chức sử dụng mã nước ngoài tại Việt Nam. Năm 2024, GS1 Việt Nam đã tiếp nhận và xác nhận 1.137 hồ sơ sử dụng mã nước ngoài, chủ yếu từ Hàn Quốc, Nhật Bản và Thái Lan.</p>
<h2>Chuẩn bị cho mã vạch hai chiều</h2>
<p>Hưởng ứng sáng kiến toàn cầu "Sunrise 2027" của Tổ chức GS1 quốc tế, theo đó các máy quét tại điểm bán lẻ phải đọc được mã hai chiều vào cuối năm 2027, GS1 Việt Nam đã triển khai dự án thí điểm mã QR theo chuẩn GS1 Digital Link với 3 chuỗi bán lẻ và 45 nhà cung cấp. Các loại mã được khuyến khích áp dụng gồm:</p>
<ul>
<li>Mã GTIN để định danh sản phẩm thương mại;</li>
<li>Mã GLN để định danh địa điểm;</li>
<li>Mã SSCC để định danh đơn vị logistics;</li>
<li>Mã QR GS1 Digital Link để kết nối thông tin sản phẩm trực tuyến.</li>
</ul>
<p>Cũng trong năm 2024, Hệ thống kiểm tra thông tin sản phẩm VNPC (Vietnam Product Center) đã ghi nhận thông tin của hơn 1,2 triệu sản phẩm, gấp đôi so với cuối năm 2022. Người tiêu dùng có thể tra cứu miễn phí nhà sản xuất của một mã vạch qua ứng dụng di động của GS1 Việt Nam.</p>
<p>Năm 2025, GS1 Việt Nam đặt mục tiêu cấp mới cho 10.500 doanh nghiệp, mở rộng dịch vụ cấp mã tại 3 văn phòng đại diện ở Đà Nẵng, Cần Thơ và Hải Phòng, đồng thời tổ chức 20 lớp tập huấn về mã số mã vạch và truy xuất nguồn gốc cho doanh nghiệp.</p>
<p><em>Phòng Truyền thông – GS1 Việt Nam</em></p>"""

P4_RELATED = [
    ("Hướng dẫn nộp hồ sơ cấp mã số mã vạch trực tuyến", ""),
    ("GS1 Digital Link: Tương lai của mã vạch trên bao bì", ""),
    ("Cảnh báo các website giả mạo dịch vụ cấp mã số mã vạch", ""),
]

# ---------------------------------------------------------------- 5. World Metrology Day 2024

P5_BODY = """<p class="sapo"><b>(VietQ.vn) - Sáng 20/5/2024, tại Hà Nội, Viện Đo lường Việt Nam (VMI) tổ chức Lễ kỷ niệm Ngày Đo lường Thế giới với chủ đề "Đo lường vì sự bền vững" (Sustainability).</b></p>
<p>Ngày Đo lường Thế giới được tổ chức hằng năm vào ngày 20/5 để kỷ niệm sự kiện 17 quốc gia ký Công ước Mét tại Paris ngày 20/5/1875, đặt nền móng cho hệ đo lường quốc tế thống nhất. Chủ đề năm nay do Văn phòng Cân đo Quốc tế (BIPM) và Tổ chức Đo lường Pháp định Quốc tế (OIML) lựa chọn, nhấn mạnh vai trò của đo lường chính xác trong giám sát khí hậu, sử dụng năng lượng hiệu quả và phát triển bền vững.</p>
<p>Tham dự buổi lễ có khoảng 180 đại biểu là lãnh đạo Tổng cục Tiêu chuẩn Đo lường Chất lượng, đại diện các tổ chức kiểm định, hiệu chuẩn, thử nghiệm và một số doanh nghiệp sản xuất phương tiện đo.</p>
<h3>Hệ thống chuẩn đo lường quốc gia tiếp tục được mở rộng</h3>
<p>Phát biểu khai mạc, TS. Đinh Quang Huy, Viện trưởng Viện Đo lường Việt Nam cho biết, hiện Việt Nam có 21 chuẩn đo lường quốc gia đã được phê duyệt, trong đó 2 chuẩn mới về độ ẩm và lưu lượng khí được phê duyệt trong năm 2023. Năm 2023, VMI đã thực hiện 46.300 lượt hiệu chuẩn, kiểm định và thử nghiệm phương tiện đo, tăng 9% so với năm 2022.</p>
<p>Đến nay, Việt Nam có 236 khả năng đo và hiệu chuẩn (CMC) được công bố trên cơ sở dữ liệu so sánh quốc tế của BIPM (KCDB). Việt Nam là thành viên của Công ước Mét từ năm 2003 và là thành viên chính thức của OIML.</p>
<p>Tại buổi lễ, Viện trưởng Đinh Quang Huy nêu 3 nhóm nhiệm vụ đo lường phục vụ phát triển bền vững trong giai đoạn tới:</p>
<ul>
<li>Xây dựng chuẩn đo lường cho phát thải khí nhà kính;</li>
<li>Phát triển năng lực hiệu chuẩn công tơ điện thông minh;</li>
<li>Hỗ trợ doanh nghiệp đo lường tiêu thụ năng lượng.</li>
</ul>
<p>Phó Tổng cục trưởng Tổng cục TCĐLCL Lê Thị Ngọc Anh đánh giá cao những kết quả mà VMI đạt được, đồng thời đề nghị Viện ưu tiên nguồn lực cho các chuẩn đo lường phục vụ kiểm kê khí nhà kính và chuyển đổi năng lượng, phù hợp với cam kết đưa phát thải ròng về "0" vào năm 2050 của Việt Nam.</p>
<p>Nhân dịp này, Bộ trưởng Bộ Khoa học và Công nghệ đã tặng Bằng khen cho 12 tập thể và 25 cá nhân có thành tích xuất sắc trong công tác đo lường giai đoạn 2019–2023. Cũng trong khuôn khổ sự kiện, VMI tổ chức Ngày hội mở cửa phòng thí nghiệm, đón khoảng 300 học sinh, sinh viên đến tham quan các phòng chuẩn khối lượng, nhiệt độ và thời gian – tần số.</p>
<p><i>English summary: On 20 May 2024 the Vietnam Metrology Institute (VMI) in Hanoi celebrated World Metrology Day under the theme "Sustainability". About 180 delegates attended. Vietnam now maintains 21 approved national measurement standards, and VMI carried out 46,300 calibrations, verifications and tests in 2023. Awards were presented to 12 units and 25 individuals.</i></p>
<p style="text-align:right"><b>Thu Hằng</b></p>"""

P5_RELATED = [
    ("Ngày Đo lường Thế giới 2023: Đo lường hỗ trợ hệ thống lương thực toàn cầu", ""),
    ("VMI công bố chuẩn quốc gia mới về lưu lượng khí", ""),
    ("Đo lường trong chuyển đổi năng lượng: kinh nghiệm của PTB", ""),
    ("Hội thảo về hiệu chuẩn công tơ điện thông minh", ""),
]

# ---------------------------------------------------------------- 6. MOU with KATS

P6_BODY = """<p><strong>Ngày 17/6/2025, tại Hà Nội, Ủy ban Tiêu chuẩn Đo lường Chất lượng Quốc gia và Cơ quan Công nghệ và Tiêu chuẩn Hàn Quốc (KATS) đã ký Bản ghi nhớ (MOU) hợp tác trong lĩnh vực tiêu chuẩn và đánh giá sự phù hợp giai đoạn 2025–2029.</strong></p>
<p>Tham dự lễ ký có Thứ trưởng Bộ Khoa học và Công nghệ Trịnh Văn Khải và Đại sứ Hàn Quốc tại Việt Nam. Bản ghi nhớ được ký bởi ông Nguyễn Minh Tuấn, Chủ nhiệm Ủy ban Tiêu chuẩn Đo lường Chất lượng Quốc gia và ông Kim Dae-ho, Chủ tịch KATS, trong khuôn khổ Diễn đàn Tiêu chuẩn Hàn Quốc – ASEAN lần thứ 5.</p>
<p>Bản ghi nhớ mới thay thế Bản ghi nhớ được hai bên ký năm 2019 tại Busan, có hiệu lực trong 5 năm và tự động gia hạn nếu không bên nào đề nghị chấm dứt. Theo đó, hai bên thống nhất hợp tác trong 4 lĩnh vực ưu tiên:</p>
<ol>
<li>Hài hòa tiêu chuẩn đối với thiết bị điện – điện tử;</li>
<li>Tiêu chuẩn và thử nghiệm pin lithium-ion;</li>
<li>Thiết bị gia dụng thông minh và Internet vạn vật (IoT);</li>
<li>Đào tạo nguồn nhân lực về tiêu chuẩn hóa.</li>
</ol>
<p>Phát biểu tại lễ ký, ông Nguyễn Minh Tuấn cho biết, Hàn Quốc hiện là đối tác thương mại lớn thứ ba của Việt Nam, kim ngạch thương mại song phương năm 2024 đạt 86,4 tỷ USD. Trong giai đoạn thực hiện Bản ghi nhớ trước (2019–2024), hai bên đã tổ chức 14 khóa đào tạo cho 380 lượt cán bộ Việt Nam và hài hòa 56 tiêu chuẩn quốc gia TCVN với tiêu chuẩn KS của Hàn Quốc.</p>
<p>Ông Kim Dae-ho khẳng định KATS sẵn sàng chia sẻ kinh nghiệm trong xây dựng chiến lược tiêu chuẩn hóa, quản lý an toàn sản phẩm và cơ chế thừa nhận lẫn nhau kết quả thử nghiệm. Hai bên cũng thống nhất Kế hoạch hành động năm 2025–2026 gồm 9 hoạt động cụ thể, trong đó có việc cử chuyên gia KATS sang hỗ trợ Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng 1 (Quatest 1) nâng cao năng lực thử nghiệm pin lưu trữ năng lượng.</p>
<table border="1">
<tr><th>Nội dung</th><th>MOU 2019</th><th>MOU 2025</th></tr>
<tr><td>Địa điểm ký</td><td>Busan</td><td>Hà Nội</td></tr>
<tr><td>Thời hạn</td><td>5 năm</td><td>5 năm</td></tr>
<tr><td>Số lĩnh vực ưu tiên</td><td>3</td><td>4</td></tr>
</table>
<p>Trước đó, trong tháng 3/2025, Ủy ban đã làm việc với Viện Đo lường Quốc gia Đức (PTB) về dự án hỗ trợ kỹ thuật giai đoạn mới về hạ tầng chất lượng, và dự kiến ký thỏa thuận hợp tác với Ủy ban Tiêu chuẩn Công nghiệp Nhật Bản (JISC) trong quý IV/2025.</p>
<p>Ủy ban Tiêu chuẩn Đo lường Chất lượng Quốc gia được tổ chức lại từ Tổng cục Tiêu chuẩn Đo lường Chất lượng từ ngày 01/3/2025, tiếp tục là đầu mối quốc gia về hợp tác quốc tế trong lĩnh vực tiêu chuẩn, đo lường, chất lượng.</p>
<p class="source" style="text-align:right">Ban Hợp tác quốc tế</p>"""

P6_RELATED = [
    ("Tăng cường hợp tác về tiêu chuẩn với các nước ASEAN", "10/06/2025"),
    ("Làm việc với PTB về dự án hạ tầng chất lượng giai đoạn mới", "21/03/2025"),
    ("Ủy ban Tiêu chuẩn Đo lường Chất lượng Quốc gia chính thức đi vào hoạt động", "03/03/2025"),
]


def _page(
    doc_id, site, title, date, date_line, crumb, body, related, views, publisher, author, url
):
    return {
        "doc_id": doc_id,
        "title": title,
        "date": date,
        "publisher": publisher,
        "author": author,
        "url": url,
        "body": body,
        "render": lambda: site(title, date_line, crumb, body, related, views),
    }


HTML_PAGES = [
    _page(
        "trao-giai-thuong-chat-luong-quoc-gia-2023",
        site_uyban,
        "Trao Giải thưởng Chất lượng Quốc gia năm 2023 cho 86 doanh nghiệp",
        "2024-04-12",
        "Thứ sáu, 12/04/2024 08:30",
        "Hoạt động năng suất chất lượng",
        P1_BODY,
        P1_RELATED,
        "3.428",
        "Tổng cục Tiêu chuẩn Đo lường Chất lượng",
        "Minh Châu",
        "https://tcvn.gov.vn/tin-tuc/trao-giai-thuong-chat-luong-quoc-gia-nam-2023-cho-86-doanh-nghiep",
    ),
    _page(
        "hoi-nghi-tong-ket-chuong-trinh-nang-suat-2023",
        site_vietq,
        "Chương trình năng suất quốc gia: Hơn 2.100 doanh nghiệp được hỗ trợ sau 3 năm",
        "2024-01-18",
        "Thứ năm, 18/01/2024 | 10:12",
        "Năng suất chất lượng",
        P2_BODY,
        P2_RELATED,
        "1.976",
        "Tạp chí điện tử Chất lượng Việt Nam (VietQ)",
        "Hoàng Lan",
        "https://vietq.vn/chuong-trinh-nang-suat-quoc-gia-hon-2100-doanh-nghiep-duoc-ho-tro-d224180.html",
    ),
    _page(
        "ha-noi-kiem-tra-do-luong-cot-xang-dau-2024",
        site_sokhcn,
        "Hà Nội: Kiểm tra đo lường 1.250 cột đo xăng dầu, phát hiện 17 cột sai số vượt mức cho phép",
        "2024-10-08",
        "08/10/2024",
        "Tiêu chuẩn đo lường chất lượng",
        P3_BODY,
        P3_RELATED,
        "862",
        "Sở Khoa học và Công nghệ Hà Nội",
        "Chi cục TCĐLCL Hà Nội",
        "https://sokhcn.hanoi.gov.vn/tin-tuc/chi-tiet/9143",
    ),
    _page(
        "gs1-viet-nam-cap-ma-so-ma-vach-2024",
        site_gs1,
        "Năm 2024: Gần 9.800 doanh nghiệp được cấp mới mã số mã vạch",
        "2025-01-09",
        "09/01/2025 14:00",
        "Hoạt động GS1 Việt Nam",
        P4_BODY,
        P4_RELATED,
        "2.051",
        "GS1 Việt Nam",
        "Phòng Truyền thông – GS1 Việt Nam",
        "https://gs1.gov.vn/tin-tuc/nam-2024-gan-9800-doanh-nghiep-duoc-cap-moi-ma-so-ma-vach.html",
    ),
    _page(
        "ngay-do-luong-the-gioi-2024-vmi",
        site_vietq,
        "Kỷ niệm Ngày Đo lường Thế giới 20/5/2024: Đo lường vì sự bền vững",
        "2024-05-21",
        "Thứ ba, 21/05/2024 | 07:45",
        "Tiêu chuẩn Đo lường",
        P5_BODY,
        P5_RELATED,
        "1.307",
        "Tạp chí điện tử Chất lượng Việt Nam (VietQ)",
        "Thu Hằng",
        "https://vietq.vn/ky-niem-ngay-do-luong-the-gioi-20-5-2024-do-luong-vi-su-ben-vung-d225310.html",
    ),
    _page(
        "ky-ket-ban-ghi-nho-voi-kats-2025",
        site_uyban,
        "Việt Nam và Hàn Quốc ký Bản ghi nhớ hợp tác về tiêu chuẩn giai đoạn 2025–2029",
        "2025-06-18",
        "Thứ tư, 18/06/2025 16:05",
        "Hợp tác quốc tế",
        P6_BODY,
        P6_RELATED,
        "1.144",
        "Ủy ban Tiêu chuẩn Đo lường Chất lượng Quốc gia",
        "Ban Hợp tác quốc tế",
        "https://tcvn.gov.vn/tin-tuc/viet-nam-va-han-quoc-ky-ban-ghi-nho-hop-tac-ve-tieu-chuan-giai-doan-2025-2029",
    ),
]
