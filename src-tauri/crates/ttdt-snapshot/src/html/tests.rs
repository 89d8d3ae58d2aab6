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
