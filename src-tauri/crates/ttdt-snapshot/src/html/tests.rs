//! The extractors of `PageFacts`, each on a small piece of a Vietnamese portal.

use super::*;

#[test]
fn reads_footer_links_and_dates_from_broken_markup() {
    let url = Url::parse("https://sonha.gov.vn/").unwrap();
    let html = "<html lang=vi><title>T</title><body><a href='#c'>skip</a><nav><a href=gioi-thieu/>Giới <b>thiệu</b></a></nav>\
                <p>Tin ngày 20/11/2026 <div class=site-footer><p>Cơ quan chủ quản: <b>UBND</b> tỉnh<p>Điện thoại: 0123";
    let f = PageFacts::parse(&url, html);
    assert_eq!(f.lang.as_deref(), Some("vi"));
    assert!(f.first_link_is_skip);
    let nav = f.links.iter().find(|l| l.region == Region::Nav).unwrap();
    assert!(nav.folded.contains("giới thiệu"));
    assert_eq!(nav.url.as_ref().unwrap().as_str(), "https://sonha.gov.vn/gioi-thieu/");
    assert!(f.footer_text.contains("cơ quan chủ quản: ubnd tỉnh"));
    assert_eq!(f.dates, vec![Date::from_calendar_date(2026, time::Month::November, 20).unwrap()]);
}

fn doc(html: &str) -> Html {
    Html::parse_document(html)
}

fn url() -> Url {
    Url::parse("https://sonha.gov.vn/tin-tuc/").unwrap()
}

#[test]
fn links_resolve_against_base_and_know_their_region() {
    let d = doc("<base href='https://sonha.gov.vn/'><header><a href='/'><img alt='Cổng TTĐT tỉnh Sơn Hà'></a></header>\
                 <main><a href='van-ban/' title='Văn bản'>Văn bản <b>chỉ đạo</b></a><a href='javascript:void(0)'>In</a></main>");
    let u = url();
    let l = links(&Doc::new(&d, &u));
    assert_eq!(l.len(), 3);
    assert_eq!((l[0].region, l[0].text.as_str()), (Region::Header, "Cổng TTĐT tỉnh Sơn Hà"));
    assert_eq!(l[1].url.as_ref().unwrap().as_str(), "https://sonha.gov.vn/van-ban/");
    assert_eq!((l[1].region, l[1].text.as_str()), (Region::Main, "Văn bản chỉ đạo Văn bản"));
    assert!(l[2].url.is_none());
}

#[test]
fn head_links_are_resolved() {
    let d = doc("<link rel='Alternate' type='application/rss+xml' href='rss/tin-moi.rss'><link rel=icon href=''>");
    let u = url();
    let h = head_links(&Doc::new(&d, &u));
    assert_eq!(h[0], ("alternate".into(), "application/rss+xml".into(), Url::parse("https://sonha.gov.vn/tin-tuc/rss/tin-moi.rss").ok()));
    assert_eq!(h[1].2, None);
}

#[test]
fn forms_know_their_fields_and_searches() {
    let d = doc("<form action='/tim-kiem'><label for=k>Từ khóa</label><input id=k name=tukhoa><input type=submit value='Tìm'></form>\
                 <form method=POST><input name=hoten placeholder='Họ và tên'><textarea name=noidung title='Nội dung'></textarea></form>");
    let u = url();
    let f = forms(&Doc::new(&d, &u));
    assert_eq!(f.len(), 2);
    assert!(f[0].is_search && f[0].inputs.len() == 1 && f[0].inputs[0].labelled);
    assert_eq!(f[0].action.as_ref().unwrap().as_str(), "https://sonha.gov.vn/tim-kiem");
    assert!(!f[1].is_search);
    assert_eq!(f[1].method, "post");
    assert_eq!(f[1].action.as_ref(), Some(&u));
    assert_eq!(f[1].inputs.iter().map(|i| (i.kind.as_str(), i.labelled)).collect::<Vec<_>>(), [("text", false), ("textarea", true)]);
}

#[test]
fn forms_keep_their_hidden_fields_in_order() {
    // Joomla's search module: the component and task ride in hidden fields.
    let d = doc("<form action='/index.php' method='post'><label for=s>Tìm kiếm...</label><input name=searchword id=s type=text>\
                 <input type=hidden name=task value=search><input type=hidden name=option value=com_search><input type=hidden name=Itemid value=101>\
                 <input type=hidden value=orphan><input type=hidden name=empty></form>");
    let u = url();
    let f = forms(&Doc::new(&d, &u));
    assert!(f[0].is_search);
    assert_eq!(f[0].inputs.len(), 1, "hidden fields are not fields a visitor fills");
    let hidden: Vec<(&str, &str)> = f[0].hidden.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(hidden, [("task", "search"), ("option", "com_search"), ("Itemid", "101"), ("empty", "")]);
}

#[test]
fn metas_and_charset() {
    let d = doc("<meta charset=UTF-8><meta name=Description content=' Cổng thông tin điện tử tỉnh Sơn Hà '>\
                 <meta property='og:title' content='Sơn Hà'><meta http-equiv=Content-Type content='text/html; charset=windows-1258'>");
    let m = metas(&d);
    assert_eq!(m.metas, [("description".into(), "Cổng thông tin điện tử tỉnh Sơn Hà".into()), ("og:title".into(), "Sơn Hà".into())]);
    assert_eq!(m.charset.as_deref(), Some("windows-1258"));
}

#[test]
fn footer_is_the_outermost_footer_text() {
    let d = doc("<div id=Footer><div class=footer-info>Cơ quan chủ quản: UBND tỉnh Sơn Hà</div>\
                 <p>Điện thoại:   0123 456 789</p></div><footer>Bản quyền</footer>");
    let u = url();
    assert_eq!(footer(&Doc::new(&d, &u)), "Cơ quan chủ quản: UBND tỉnh Sơn Hà Điện thoại: 0123 456 789 Bản quyền");
    assert_eq!(footer(&Doc::new(&doc("<p>Không có chân trang</p>"), &u)), "");
}

#[test]
fn dates_in_the_body_text() {
    let d = doc("<p>Cập nhật 05/01/2026</p><p>Ban hành ngày 20 tháng 11 năm 2025</p><script>var d='01/02/2020'</script>");
    let day = |y, m, d| Date::from_calendar_date(y, m, d).unwrap();
    assert_eq!(find_dates(&body_text(&d)), [day(2026, time::Month::January, 5), day(2025, time::Month::November, 20)]);
}

#[test]
fn scripts_by_kind() {
    let d = doc("<script src='/js/jquery.min.js'></script><script type='application/ld+json'>{\"@type\":\"GovernmentOrganization\"}</script><script>var s = 1;</script>");
    let s = scripts(&d);
    assert_eq!(s.srcs, ["/js/jquery.min.js"]);
    assert_eq!(s.json_ld, [r#"{"@type":"GovernmentOrganization"}"#]);
    assert_eq!(s.inline, ["var s = 1;"]);
}

#[test]
fn images_headings_and_skip_link() {
    let d = doc("<body><a href='#noi-dung'>Bỏ qua</a><footer><img src=logo.png alt='Biểu trưng'></footer><h1>Tin tức</h1><h3>Sự kiện</h3><img src=anh.jpg>");
    let u = url();
    let i = images(&Doc::new(&d, &u));
    assert_eq!((i[0].alt.as_deref(), i[0].region), (Some("Biểu trưng"), Region::Footer));
    assert_eq!((i[1].alt.as_deref(), i[1].region), (None, Region::Other));
    assert_eq!(headings(&d), [1, 3]);
    assert!(first_link_is_skip(&d));
    assert!(!first_link_is_skip(&doc("<a href='#'>Đầu trang</a>")));
}

#[test]
fn text_lengths_and_lang() {
    let d = doc("<html lang=' vi '><body><nav>Trang chủ</nav><p>Xin chào</p></body></html>");
    assert_eq!(lang(&d).as_deref(), Some("vi"));
    let text_len = text_len_of(&body_text(&d));
    assert_eq!(text_len, "Trang chủ Xin chào".chars().count() + 1);
    assert_eq!(main_len(&d, text_len), "Xin chào".chars().count() + 1);
    assert_eq!(main_len(&doc("<main>Nội dung</main>"), 100), "Nội dung".chars().count() + 1);
    assert_eq!(title(&doc("<title> Cổng TTĐT </title>")).as_deref(), Some("Cổng TTĐT"));
}

#[test]
fn insecure_resources_only_on_https() {
    let d = doc("<script src='HTTP://cdn.sonha.vn/a.js'></script><link rel='stylesheet alternate' href='http://cdn.sonha.vn/a.css'><img src='https://sonha.gov.vn/b.png'>");
    assert_eq!(insecure_resources(&d, &url()), ["HTTP://cdn.sonha.vn/a.js", "http://cdn.sonha.vn/a.css"]);
    assert!(insecure_resources(&d, &Url::parse("http://sonha.gov.vn/").unwrap()).is_empty());
}

#[test]
fn framework_shells_and_list_items() {
    assert!(framework_shell(&doc("<div id=root></div>"), 0));
    assert!(!framework_shell(&doc("<div id=root></div>"), 500));
    let d = doc("<nav><ul><li>Giới thiệu<li>Tin tức<li>Văn bản</ul></nav>\
                 <table><tr><td>Thủ tục 1<tr><td>Thủ tục 2<tr><td>Thủ tục 3</table><ol><li>Một<li>Hai</ol>");
    assert_eq!(Layout::new(&d).list_items, 3);
}

#[test]
fn a_page_too_complex_is_refused_before_parsing() {
    let u = url();
    let page = |depth: usize| format!("<title>Sở Tư pháp</title>{}<footer><a href=/lien-he/>Liên hệ</a></footer>", "<div>".repeat(depth));
    let refused = PageFacts::read(&u, &page(MAX_DEPTH)).unwrap_err();
    assert!(refused.too_complex() && refused.depth > MAX_DEPTH, "{refused:?}");
    // `parse` reads it as an empty page.
    let f = PageFacts::parse(&u, &page(MAX_DEPTH));
    assert!(f.title.is_none() && f.links.is_empty() && !f.has_footer);
    // Just under the limit, the page is read, its deepest link in the footer.
    let f = PageFacts::read(&u, &page(MAX_DEPTH - 10)).unwrap();
    assert_eq!(f.title.as_deref(), Some("Sở Tư pháp"));
    assert_eq!((f.links.len(), f.links[0].region, f.footer_raw.as_str()), (1, Region::Footer, "Liên hệ"));
}

#[test]
fn dates_day_months_and_ages_as_portals_write_them() {
    let u = url();
    let html = "<header><span class=today>Thứ Hai, 23/11/2026</span></header><nav><a href=/>Trang chủ</a></nav>\
                <main><article><header><span>Thứ Sáu, 20/11/2026 10:15</span></header></article>\
                <p>Hội nghị (18/11)</p><p>Cập nhật 2 giờ trước</p><p>3 ngày trước</p><p>ngày 5 tháng 11, 2026</p><p>2026-11-02</p><p>(45/13)</p></main>";
    let f = PageFacts::parse(&u, html);
    let day = |d| Date::from_calendar_date(2026, time::Month::November, d).unwrap();
    // The banner's date of the day is left out; an article's own header is content.
    assert_eq!(f.dates, [day(20), day(5), day(2)]);
    assert_eq!(f.day_months, [(18, 11)]);
    assert_eq!(f.ages_days, [0, 3]);
}

#[test]
fn metas_read_carelessly_written_names() {
    let d = doc("<meta NAME=\"Description\" content=\"Mô tả\"><meta name=\"”keywords”\" content=\"Sơn Hà\"><meta http-equiv=\"keywords\" content=\"cũ\">");
    assert_eq!(metas(&d).metas, [("description".into(), "Mô tả".into()), ("”keywords”".into(), "Sơn Hà".into()), ("keywords".into(), "cũ".into())]);
}

#[test]
fn footers_under_other_names_and_links_in_select_boxes() {
    let u = url();
    for (html, footer) in [
        ("<div class='bottom-info'>Cơ quan chủ quản</div>", "Cơ quan chủ quản"),
        ("<div id=chantrang>Địa chỉ</div>", "Địa chỉ"),
        ("<table><tr><td class=cuoi>Bản quyền</td></tr></table>", "Bản quyền"),
        ("<div class='border-bottom'>Tin</div><div class='fixed-bottom'>Menu</div>", ""),
    ] {
        assert_eq!(PageFacts::parse(&u, html).footer_raw, footer, "{html}");
    }
    let f = PageFacts::parse(&u, "<select><option value=''>Liên kết website</option><option value='http://chinhphu.vn'>Chính phủ</option><option value='www.sonha.gov.vn'>Tỉnh</option><option value='/noi-bo'>Nội bộ</option></select>");
    let l: Vec<(&str, &str)> = f.select_links.iter().map(|l| (l.url.as_ref().unwrap().as_str(), l.text.as_str())).collect();
    assert_eq!(l, [("http://chinhphu.vn/", "Chính phủ"), ("http://www.sonha.gov.vn/", "Tỉnh")]);
}

#[test]
fn content_length_leaves_out_banner_menus_and_footer_wherever_they_sit() {
    let u = url();
    let html = "<div class='wrapper'><div class='header'>SỞ NỘI VỤ TỈNH SƠN HÀ</div><div class='main'>\
        <div id='ctl00_LeftMenu1_pnLeft'><ul><li><a href='/a'>Chức năng, nhiệm vụ</a></li><li><a href='/b'>Sơ đồ tổ chức</a></li></ul></div>\
        <div class='content'><p>Hiện chưa có dự thảo văn bản nào.</p></div></div><div class='footer'>Cơ quan chủ quản: Sở Nội vụ</div></div>";
    let f = PageFacts::parse(&u, html);
    assert_eq!(f.content_len, text_len_of("Hiện chưa có dự thảo văn bản nào."));
    assert!(f.main_len > f.content_len, "main_len counts the side menu: {}", f.main_len);
}

#[test]
fn a_language_box_offers_its_relative_addresses() {
    let u = Url::parse("https://svhttdl.sonha.gov.vn/gioi-thieu/").unwrap();
    let by_name = "<select name='lang_choice' onchange='location=this.value'><option value='/'>Tiếng Việt</option><option value='/en'>English</option></select>";
    let f = PageFacts::parse(&u, by_name);
    let l: Vec<(&str, &str)> = f.select_links.iter().map(|l| (l.url.as_ref().unwrap().as_str(), l.text.as_str())).collect();
    assert_eq!(l, [("https://svhttdl.sonha.gov.vn/", "Tiếng Việt"), ("https://svhttdl.sonha.gov.vn/en", "English")]);
    // Named by its options only, with a page address and a query.
    let by_option = "<select onchange='go(this)'><option value='index.php?lang=vi'>Tiếng Việt</option><option value='?lang=en'>Tiếng Anh</option></select>";
    let f = PageFacts::parse(&u, by_option);
    assert_eq!(f.select_links.iter().map(|l| l.url.as_ref().unwrap().as_str()).collect::<Vec<_>>(), ["https://svhttdl.sonha.gov.vn/gioi-thieu/?lang=en"]);
    // Bare codes a script turns into addresses are no addresses; nor is a script.
    let codes = "<select id='ddlLanguage'><option value='vi'>Tiếng Việt</option><option value='en'>English</option><option value='javascript:void(0)'>Khác</option></select>";
    assert!(PageFacts::parse(&u, codes).select_links.is_empty());
}

#[test]
fn search_forms_of_the_usual_platforms_and_search_fields_outside_forms() {
    let u = url();
    for form in [
        "<form action='/web/guest/tim-kiem'><input name='_3_keywords'></form>",
        "<form action='/_layouts/OSSSearchResults.aspx'><input name=k></form>",
        "<form action='/index.php' method=post><input name=searchword><input type=hidden name=option value=com_search></form>",
        "<form action='/'><input name=s></form>",
        "<form action='./Default.aspx' method=post><input name='ctl00$Header$txtSearch'></form>",
    ] {
        assert!(forms(&Doc::new(&doc(form), &u))[0].is_search, "{form}");
    }
    assert!(!forms(&Doc::new(&doc("<form action='/gop-y' method=post><input name=hoten><input name=email></form>"), &u))[0].is_search);
    let f = PageFacts::parse(&u, "<div class=search><input id=txtSearch placeholder='Nhập từ khóa'></div><input name=hoten><form><input name=q></form>");
    assert_eq!(f.search_boxes, ["input#txtSearch[placeholder=\"Nhập từ khóa\"]"]);
}

#[test]
fn the_search_address_a_script_builds() {
    let u = Url::parse("https://snv.sonha.gov.vn/Portal/Default.aspx").unwrap();
    let f = PageFacts::parse(&u, "<script>function DoSearch(){var k=document.getElementById('txt').value;window.location.href = '/Portal/Search.aspx?keyword=' + encodeURIComponent(k);}</script>");
    assert_eq!(f.scripted_search, Some((Url::parse("https://snv.sonha.gov.vn/Portal/Search.aspx").unwrap(), "keyword".to_string())));
    let f = PageFacts::parse(&u, "<script>location.href = '/_layouts/OSSSearchResults.aspx?k=' + encodeURIComponent(k) + '&cs=This%20Site';</script>");
    assert_eq!(f.scripted_search.map(|(a, p)| (a.path().to_string(), p)), Some(("/_layouts/OSSSearchResults.aspx".into(), "k".into())));
    // Not a search.
    let f = PageFacts::parse(&u, "<script>location.href = '/Portal/ViewNews.aspx?NewsID=' + encodeURIComponent(id);</script>");
    assert!(f.scripted_search.is_none());
}

#[test]
fn a_header_inside_the_content_is_content() {
    let u = url();
    let f = PageFacts::parse(&u, "<header class=site-header><a href=/>Trang chủ</a></header><main id=primary><article><header class=entry-header><h2><a href=/kế-hoạch>Kế hoạch năm 2027</a></h2></header></article></main>\
        <div class=content><article><header><a href=/tin>Tin</a></header></article></div>");
    assert_eq!(f.links.iter().map(|l| l.region).collect::<Vec<_>>(), [Region::Header, Region::Main, Region::Other]);
}
