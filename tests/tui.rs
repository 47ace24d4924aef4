//! The browser without a terminal: keys become actions, actions change
//! state, and the screens drawn on a `TestBackend` are compared with named
//! snapshots. The library is built here from hand-made records, so the
//! screens do not move when the seed extraction changes.

use std::collections::BTreeSet;
use std::sync::Arc;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::Rect;

use vitascope::diagnostic::Diagnostic;
use vitascope::filter::Sort;
use vitascope::library::{Library, Snapshot, Stage};
use vitascope::store::Store;
use vitascope::study::{
    Citation, Design, Details, Dose, Population, Sex, Source, Study, Trace, Unit,
};
use vitascope::tui::app::{FacetKind, Focus, Mode, Overlay, Setup, Tone};
use vitascope::tui::layout::Columns;
use vitascope::tui::{Action, App, Effect, Look, Runtime, event_action, keymap, theme};

fn study(id: &str, title: &str, year: i32, design: Design, n: Option<u32>) -> Study {
    Study {
        id: id.into(),
        title: title.into(),
        design,
        citation: Citation {
            authors: [format!("{} A", id.split('-').next().unwrap_or(id))]
                .into_iter()
                .collect(),
            year: Some(year),
            journal: Some("J Test".into()),
            ..Citation::default()
        },
        details: Details {
            population: Population {
                n,
                ..Population::default()
            },
            ..Details::default()
        }
        .into(),
        source: Source {
            path: format!("papers/{id}.txt").into(),
            headline: None,
            line: Some(3),
        },
        ..Study::default()
    }
}

/// Five studies with what the screens need: doses, merged sources, wide
/// characters and escape codes in the text.
fn library() -> Library {
    let mut okafor = study(
        "okafor-2013",
        "Three-year daily menaquinone-7 slows bone loss in older women",
        2013,
        Design::Rct,
        Some(244),
    );
    okafor.citation.doi = Some("10.1000/bone.2013.0101".into());
    okafor.citation.pmid = Some("20130101".into());
    okafor.details_mut().population = Population {
        n: Some(244),
        description: Some("healthy postmenopausal women".into()),
        species: Some("human".into()),
        age_min: Some(55.0),
        age_max: Some(65.0),
        sex: Some(Sex::Female),
    };
    okafor.details_mut().doses = vec![Dose {
        nutrient: Some("vitamin K2".into()),
        form: Some("menaquinone-7".into()),
        amount: 180.0,
        unit: Unit::Mcg,
        per: Some("day".into()),
        text: "180 mcg MK-7".into(),
    }];
    okafor.details_mut().duration = Some("3 years".into());
    okafor.details_mut().comparator = Some("placebo".into());
    okafor.details_mut().findings = vec!["Less loss of bone mineral density".into()];
    okafor.nutrients = vec!["vitamin K2".into()];
    okafor.conditions = vec!["osteoporosis".into(), "bone mineral density".into()];
    okafor.sources = vec![
        okafor.source.clone(),
        Source {
            path: "export.nbib".into(),
            headline: None,
            line: Some(40),
        },
    ];

    let mut ibsen = study(
        "ibsen-2021",
        "Kinase inhibitor plus vitamin K for hepatocellular carcinoma",
        2021,
        Design::Rct,
        Some(42),
    );
    ibsen.nutrients = vec!["vitamin K2".into()];
    ibsen.conditions = vec!["hepatocellular carcinoma".into()];
    ibsen.citation.doi = Some("10.1000/liver.2021.0202".into());

    let mut zhang = study(
        "zhang-2019",
        "Vitamin D3 and calcium for fracture prevention",
        2019,
        Design::MetaAnalysis,
        Some(34_243),
    );
    zhang.nutrients = vec!["vitamin D3".into(), "calcium".into()];
    zhang.conditions = vec!["fracture".into()];
    zhang.citation.pmid = Some("31234567".into());

    let mut tanaka = study(
        "tanaka-2016",
        "骨粗鬆症患者におけるビタミンK2 🦴 osteoporosis",
        2016,
        Design::Cohort,
        Some(120),
    );
    tanaka.nutrients = vec!["vitamin K2".into()];
    tanaka.conditions = vec!["osteoporosis".into()];

    let mut evil = study(
        "evil-2020",
        "Omega-3 \u{1b}[31mred\u{1b}[0m and calcification\u{7}",
        2020,
        Design::Animal,
        Some(30),
    );
    evil.nutrients = vec!["omega-3".into()];
    evil.details_mut().findings = vec!["Less \u{1b}]0;pwned\u{7} calcification".into()];

    Library {
        store: Store::new(vec![okafor, ibsen, zhang, tanaka, evil]),
        files: Vec::new(),
        diagnostics: vec![Diagnostic::error("papers/blob.txt", Some(1), "binary file")],
    }
}

fn app() -> App {
    App::new(library())
}

fn press(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn ch(c: char) -> KeyEvent {
    press(KeyCode::Char(c))
}

/// Sends a key through the keymap and the runtime, as the real loop does.
fn key(app: &mut App, rt: &mut Runtime, k: KeyEvent) {
    if let Some(a) = keymap(k, app.mode()) {
        rt.dispatch(app, a);
    }
}

fn keys(app: &mut App, rt: &mut Runtime, text: &str) {
    for c in text.chars() {
        key(app, rt, ch(c));
    }
}

/// Applies worker results until `done` holds (generous: a loaded machine
/// only makes it slower).
fn settle(a: &mut App, rt: &mut Runtime, done: impl Fn(&App) -> bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !done(a) {
        assert!(
            std::time::Instant::now() < deadline,
            "no answer from the workers"
        );
        rt.wait(a, std::time::Duration::from_millis(100));
    }
}

/// Waits for the export thread's answer, if an export is being written.
fn written(a: &mut App, rt: &mut Runtime) {
    settle(a, rt, |a| {
        !a.status
            .as_ref()
            .is_some_and(|s| s.0.starts_with("writing"))
    });
}

fn draw(app: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| f.render_widget(app, f.area())).unwrap();
    t
}

fn text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

fn ids(app: &App) -> Vec<String> {
    app.shown().iter().map(|s| s.id.clone()).collect()
}

fn selected_id(app: &App) -> String {
    app.current().map(|s| s.id.clone()).unwrap_or_default()
}

// ---- screens ----

/// `v` shows, under the detail, each value beside the sentence it was read
/// in, made safe to print like the rest of the pane; `v` again hides it.
#[test]
fn the_evidence_key_shows_each_value_beside_its_sentence() {
    let mut s = study("lee-2011", "Zinc for colds", 2011, Design::Rct, Some(60));
    s.details_mut().evidence = vec![Trace {
        field: "population.n".into(),
        value: "60".into(),
        text: "Sixty adults \u{1b}[31mtook\u{1b}[0m zinc lozenges.".into(),
    }];
    let mut a = App::new(Library {
        store: Store::new(vec![s]),
        files: Vec::new(),
        diagnostics: Vec::new(),
    });
    let mut rt = Runtime::sync(&a);
    let screen = |a: &App| text(draw(a, 100, 30).backend().buffer());
    assert!(!screen(&a).contains("Evidence"));
    key(&mut a, &mut rt, ch('v'));
    let shown = screen(&a);
    assert!(shown.contains("Evidence"), "{shown}");
    assert!(shown.contains("population.n = 60"), "{shown}");
    assert!(shown.contains("Sixty adults"), "{shown}");
    assert!(shown.contains("lozenges.”"), "{shown}");
    assert!(!shown.contains('\u{1b}'), "{shown}");
    key(&mut a, &mut rt, ch('v'));
    assert!(!screen(&a).contains("Evidence"));
}

/// A record with no kept evidence has its abstract read for it when `v`
/// is on, once per selected study (in `update`, not at every frame), and
/// the evidence follows the selection.
#[test]
fn evidence_read_from_an_abstract_follows_the_selection() {
    let mut first = study("moss-2019", "Iron and fatigue", 2019, Design::Rct, None);
    first.abstract_text = Some("Ninety-one women took iron for 12 weeks.".into());
    let mut second = study("hale-2020", "Zinc in winter", 2020, Design::Rct, None);
    second.abstract_text = Some("We enrolled 240 children for 6 months.".into());
    let mut a = App::new(Library {
        store: Store::new(vec![first, second]),
        files: Vec::new(),
        diagnostics: Vec::new(),
    });
    let mut rt = Runtime::sync(&a);
    assert!(
        a.results.traces.is_none(),
        "nothing worked out while hidden"
    );
    key(&mut a, &mut rt, ch('v'));
    let shown = text(draw(&a, 100, 30).backend().buffer());
    assert!(shown.contains("Ninety-one women"), "{shown}");
    key(&mut a, &mut rt, press(KeyCode::Down));
    let (_, at, traces) = a.results.traces.clone().expect("worked out");
    assert_eq!(Some(at), a.current_index());
    assert!(
        traces.iter().any(|t| t.text.contains("240 children")),
        "{traces:?}"
    );
    key(&mut a, &mut rt, ch('v'));
    assert!(a.results.traces.is_none());
}

#[test]
fn screen_start() {
    let a = app();
    insta::assert_snapshot!("start", draw(&a, 110, 30).backend());
}

#[test]
fn screen_filtered() {
    let mut a = app();
    let mut rt = Runtime::sync(&a);
    key(&mut a, &mut rt, ch('/'));
    keys(&mut a, &mut rt, "osteo");
    insta::assert_snapshot!("filtered", draw(&a, 110, 30).backend());
}

#[test]
fn screen_picker_open() {
    let mut a = app();
    let mut rt = Runtime::sync(&a);
    key(&mut a, &mut rt, ch('n'));
    keys(&mut a, &mut rt, "vit");
    insta::assert_snapshot!("picker", draw(&a, 110, 30).backend());
}

/// The nutrient picker unfiltered at 80×24: a header per category, forms
/// one level in under their parent, and a name no vocabulary holds in the
/// last group.
#[test]
fn screen_picker_groups() {
    let mut first = study(
        "osei-2018",
        "Cholecalciferol in winter",
        2018,
        Design::Rct,
        Some(60),
    );
    first.nutrients = vec!["vitamin D3".into(), "magnesium".into()];
    let mut second = study(
        "lind-2022",
        "Sea buckthorn pulp and skin",
        2022,
        Design::Rct,
        Some(48),
    );
    second.nutrients = vec!["sea buckthorn pulp".into(), "vitamin D".into()];
    let mut a = App::new(Library {
        store: Store::new(vec![first, second]),
        files: Vec::new(),
        diagnostics: Vec::new(),
    });
    let mut rt = Runtime::sync(&a);
    key(&mut a, &mut rt, ch('n'));
    insta::assert_snapshot!("picker_groups", draw(&a, 80, 24).backend());
}

#[test]
fn screen_help() {
    let mut a = app();
    let mut rt = Runtime::sync(&a);
    key(&mut a, &mut rt, ch('?'));
    insta::assert_snapshot!("help", draw(&a, 110, 40).backend());
}

#[test]
fn a_term_the_query_cannot_read_is_named_under_the_results() {
    let mut a = app();
    let mut rt = Runtime::sync(&a);
    keys(&mut a, &mut rt, "/d:nosuchdesign");
    settle(&mut a, &mut rt, |a| {
        !a.query_line.parsed.problems.is_empty()
    });
    let screen = text(draw(&a, 110, 30).backend().buffer());
    assert!(
        screen.contains("There is no design \"nosuchdesign\""),
        "{screen}"
    );
    // a cleared query names nothing
    key(&mut a, &mut rt, press(KeyCode::Esc));
    settle(&mut a, &mut rt, |a| a.query_line.parsed.problems.is_empty());
}

#[test]
fn help_at_80_by_24_scrolls_to_its_end_and_back() {
    let mut a = app();
    let mut rt = Runtime::sync(&a);
    a.update(Action::Resize(80, 24));
    key(&mut a, &mut rt, ch('?'));
    let top = text(draw(&a, 80, 24).backend().buffer());
    assert!(top.contains("Browsing"), "{top}");
    assert!(
        !top.contains("a:zhang"),
        "the grammar's end is below: {top}"
    );
    key(&mut a, &mut rt, ch('G'));
    let t = draw(&a, 80, 24);
    let end = text(t.backend().buffer());
    // the query language's last lines are on screen, the first bindings not
    assert!(end.contains("a:zhang") && end.contains("author"), "{end}");
    assert!(!end.contains("Browsing"), "{end}");
    insta::assert_snapshot!("help_80x24_end", t.backend());
    // one more step down stays at the end; one up leaves it
    key(&mut a, &mut rt, ch('j'));
    assert_eq!(text(draw(&a, 80, 24).backend().buffer()), end);
    key(&mut a, &mut rt, ch('k'));
    assert_ne!(text(draw(&a, 80, 24).backend().buffer()), end);
}

#[test]
fn screen_narrow_stacks_panes() {
    let a = app();
    let t = draw(&a, 60, 30);
    insta::assert_snapshot!("narrow", t.backend());
    let s = text(t.backend().buffer());
    let lines: Vec<&str> = s.lines().collect();
    let list_top = lines.iter().position(|l| l.contains("Studies")).unwrap();
    let detail_top = lines.iter().position(|l| l.contains("Detail")).unwrap();
    assert!(detail_top > list_top, "detail below the list:\n{s}");
}

#[test]
fn screen_tiny_terminals_show_what_fits() {
    let a = app();
    insta::assert_snapshot!("tiny_1x1", draw(&a, 1, 1).backend());
    insta::assert_snapshot!("tiny_20x5", draw(&a, 20, 5).backend());
}

#[test]
fn screen_export_prompt_and_diagnostics() {
    let mut a = app();
    let mut rt = Runtime::sync(&a);
    key(&mut a, &mut rt, ch('e'));
    insta::assert_snapshot!("export_prompt", draw(&a, 100, 24).backend());
    key(&mut a, &mut rt, press(KeyCode::Esc));
    key(&mut a, &mut rt, ch('!'));
    let t = draw(&a, 100, 24);
    assert!(text(t.backend().buffer()).contains("papers/blob.txt:1: binary file"));
    insta::assert_snapshot!("diagnostics", t.backend());
}

#[test]
fn every_size_draws_without_panicking() {
    let mut a = app();
    let mut rt = Runtime::sync(&a);
    key(&mut a, &mut rt, ch('n'));
    for w in [0, 1, 2, 5, 13, 20, 23, 24, 40, 79, 80, 200] {
        for h in [0, 1, 2, 3, 5, 7, 8, 12, 50] {
            draw(&a, w, h);
            key(&mut a, &mut rt, press(KeyCode::Esc));
            draw(&a, w, h);
            key(&mut a, &mut rt, ch('?'));
            draw(&a, w, h);
            key(&mut a, &mut rt, press(KeyCode::Esc));
        }
    }
}

#[test]
fn escape_codes_in_documents_are_drawn_as_placeholders() {
    let mut a = app();
    let mut rt = Runtime::sync(&a);
    key(&mut a, &mut rt, ch('G'));
    assert_eq!(selected_id(&a), "evil-2020");
    let s = text(draw(&a, 120, 30).backend().buffer());
    assert!(!s.chars().any(|c| c.is_control() && c != '\n'), "{s:?}");
    assert!(s.contains("␛[31mred"), "{s}");
    assert!(s.contains("␛]0;pwned␇"), "{s}");
}

#[test]
fn wide_characters_keep_columns_aligned() {
    let a = app();
    let t = draw(&a, 110, 30);
    let buf = t.backend().buffer();
    // the year column starts at the same cell on every row
    let year_x: Vec<u16> = (3..8)
        .map(|y| {
            (0..buf.area.width)
                .find(|&x| {
                    let s: String = (x..x + 4).map(|x| buf[(x, y)].symbol()).collect();
                    s.len() == 4 && s.chars().all(|c| c.is_ascii_digit()) && s.starts_with("20")
                })
                .unwrap_or(0)
        })
        .collect();
    assert!(
        year_x.iter().all(|&x| x == year_x[0] && x > 0),
        "{year_x:?}\n{}",
        text(buf)
    );
}

#[test]
fn selected_row_and_matched_characters_are_styled() {
    let mut a = app();
    let mut rt = Runtime::sync(&a);
    key(&mut a, &mut rt, ch('/'));
    keys(&mut a, &mut rt, "calcium");
    key(&mut a, &mut rt, press(KeyCode::Enter));
    let t = draw(&a, 110, 30);
    let buf = t.backend().buffer();
    let th = theme::COLOR;
    // first list row is selected: its background is the selection colour
    let row = 3;
    assert_eq!(buf[(2, row)].bg, th.selected.bg.unwrap(), "{}", text(buf));
    // the matched word in the title is highlighted
    let line: String = (0..60).map(|x| buf[(x, row)].symbol()).collect::<String>();
    let at = line.find("calcium").expect("title on the first row") as u16;
    assert_eq!(buf[(at, row)].fg, th.matched.fg.unwrap());
    assert_eq!(
        buf[(at, row)].bg,
        th.selected.bg.unwrap(),
        "highlight keeps the row colour"
    );
    // an unselected row has no selection background
    key(&mut a, &mut rt, ch('x'));
    let t = draw(&a, 110, 30);
    assert_ne!(t.backend().buffer()[(2, 4)].bg, th.selected.bg.unwrap());
}

#[test]
fn no_color_theme_uses_no_colours() {
    let mut a = app();
    a.color = false;
    let t = draw(&a, 110, 30);
    let buf = t.backend().buffer();
    for c in &buf.content {
        assert_eq!(c.fg, ratatui::style::Color::Reset);
        assert_eq!(c.bg, ratatui::style::Color::Reset);
    }
}

/// Every colour a drawn screen uses, once each, in order of first use.
fn colours(buf: &Buffer) -> Vec<ratatui::style::Color> {
    let mut seen = Vec::new();
    for c in &buf.content {
        for colour in [c.fg, c.bg] {
            if !seen.contains(&colour) {
                seen.push(colour);
            }
        }
    }
    seen
}

#[test]
fn screen_each_theme() {
    use ratatui::style::Color;
    for name in ["default", "light", "mono"] {
        let mut a = app();
        a.theme = theme::named(name).unwrap();
        let t = draw(&a, 110, 30);
        let used = colours(t.backend().buffer());
        // colour 8 is invisible on some dark terminals
        assert!(
            !used.contains(&Color::DarkGray) && !used.contains(&Color::Indexed(8)),
            "{name}: {used:?}"
        );
        let styles = format!("{:#?}\n\ncolours drawn: {used:?}", a.theme);
        insta::assert_snapshot!(format!("theme_{name}"), styles);
    }
}

#[test]
fn screen_footer_at_60_and_120_columns() {
    for width in [60, 120] {
        let a = app();
        let t = draw(&a, width, 24);
        let screen = text(t.backend().buffer());
        let footer = screen.lines().last().unwrap_or_default().to_string();
        assert!(footer.contains("? help"), "help comes first: {footer}");
        insta::assert_snapshot!(format!("footer_{width}"), footer);
    }
}

// ---- behaviour ----

#[test]
fn moving_the_selection() {
    let mut a = app();
    let mut rt = Runtime::sync(&a);
    assert_eq!(a.results.selected, 0);
    key(&mut a, &mut rt, ch('j'));
    key(&mut a, &mut rt, press(KeyCode::Down));
    assert_eq!(a.results.selected, 2);
    key(&mut a, &mut rt, ch('k'));
    key(&mut a, &mut rt, press(KeyCode::Up));
    key(&mut a, &mut rt, press(KeyCode::Up));
    assert_eq!(a.results.selected, 0, "stops at the top");
    key(&mut a, &mut rt, ch('G'));
    assert_eq!(a.results.selected, 4);
    key(&mut a, &mut rt, ch('j'));
    assert_eq!(a.results.selected, 4, "stops at the bottom");
    key(&mut a, &mut rt, ch('g'));
    assert_eq!(a.results.selected, 0);
    key(&mut a, &mut rt, press(KeyCode::End));
    assert_eq!(a.results.selected, 4);
    key(&mut a, &mut rt, press(KeyCode::Home));
    assert_eq!(a.results.selected, 0);
    key(&mut a, &mut rt, press(KeyCode::PageDown));
    assert_eq!(a.results.selected, 4, "a page is longer than the list");
    key(&mut a, &mut rt, press(KeyCode::PageUp));
    assert_eq!(a.results.selected, 0);
}

#[test]
fn paging_uses_the_rows_on_screen() {
    let mut a = app();
    let mut rt = Runtime::sync(&a);
    a.update(Action::Resize(80, 12));
    let page = vitascope::tui::layout::list_rows(a.screen);
    assert!(page > 0);
    key(&mut a, &mut rt, press(KeyCode::PageDown));
    assert_eq!(a.results.selected, page.min(4));
}

#[test]
fn tab_moves_focus_and_keys_scroll_the_detail() {
    let mut a = app();
    let mut rt = Runtime::sync(&a);
    key(&mut a, &mut rt, press(KeyCode::Tab));
    assert_eq!(a.focus, Focus::Detail);
    assert_eq!(a.mode(), Mode::Detail);
    key(&mut a, &mut rt, ch('j'));
    key(&mut a, &mut rt, ch('j'));
    assert_eq!((a.results.selected, a.results.detail_scroll), (0, 2));
    key(&mut a, &mut rt, ch('k'));
    assert_eq!(a.results.detail_scroll, 1);
    key(&mut a, &mut rt, ch('g'));
    assert_eq!(a.results.detail_scroll, 0);
    key(&mut a, &mut rt, press(KeyCode::Tab));
    assert_eq!(a.focus, Focus::List);
    key(&mut a, &mut rt, press(KeyCode::Enter));
    assert_eq!(a.focus, Focus::Detail, "Enter reads the selected study");
    key(&mut a, &mut rt, press(KeyCode::Esc));
    assert_eq!(a.focus, Focus::List);
}

#[test]
fn typing_filters_and_esc_clears_enter_keeps() {
    let mut a = app();
    let mut rt = Runtime::sync(&a);
    key(&mut a, &mut rt, ch('/'));
    assert_eq!(a.mode(), Mode::Query);
    keys(&mut a, &mut rt, "osteo");
    assert_eq!(ids(&a), ["tanaka-2016", "okafor-2013"]);
    key(&mut a, &mut rt, press(KeyCode::Backspace));
    assert_eq!(a.query_line.line.text(), "oste");
    key(&mut a, &mut rt, press(KeyCode::Esc));
    assert_eq!(a.query_line.line.text(), "");
    assert_eq!(a.results.hits.len(), 5);
    assert_eq!(a.mode(), Mode::List);
    key(&mut a, &mut rt, ch('/'));
    keys(&mut a, &mut rt, "d:rct");
    key(&mut a, &mut rt, press(KeyCode::Enter));
    assert_eq!(a.mode(), Mode::List);
    assert_eq!(ids(&a), ["okafor-2013", "ibsen-2021"]);
    // keys in the list work again, on the filtered rows
    key(&mut a, &mut rt, ch('j'));
    assert_eq!(selected_id(&a), "ibsen-2021");
    key(&mut a, &mut rt, ch('/'));
    key(
        &mut a,
        &mut rt,
        KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL),
    );
    assert_eq!(a.results.hits.len(), 5, "Ctrl-U empties the line");
}

#[test]
fn field_prefixes_are_understood() {
    let mut a = app();
    let mut rt = Runtime::sync(&a);
    key(&mut a, &mut rt, ch('/'));
    keys(&mut a, &mut rt, "y:2015..2020 n:k2");
    assert_eq!(ids(&a), ["tanaka-2016"]);
    key(
        &mut a,
        &mut rt,
        KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL),
    );
    keys(&mut a, &mut rt, "a:zhang");
    assert_eq!(ids(&a), ["zhang-2019"]);
}

#[test]
fn count_shows_matches_of_total_and_partial() {
    let mut a = app();
    let mut rt = Runtime::sync(&a);
    key(&mut a, &mut rt, ch('/'));
    keys(&mut a, &mut rt, "vitamin");
    let s = text(draw(&a, 110, 30).backend().buffer());
    assert!(s.contains("4/5"), "{s}");
    let mut outcome = vitascope::search::run(&a.store, &a.request());
    outcome.generation = a.results.pending;
    outcome.complete = false;
    rt.dispatch(&mut a, Action::Searched(outcome));
    let s = text(draw(&a, 110, 30).backend().buffer());
    assert!(s.contains("partial"), "{s}");
}

#[test]
fn stale_outcomes_are_ignored() {
    let mut a = app();
    let mut rt = Runtime::sync(&a);
    key(&mut a, &mut rt, ch('/'));
    keys(&mut a, &mut rt, "omega");
    let mut old = vitascope::search::run(&a.store, &vitascope::search::Request::default());
    old.generation = a.results.pending - 1;
    rt.dispatch(&mut a, Action::Searched(old));
    assert_eq!(ids(&a), ["evil-2020"]);
}

#[test]
fn the_worker_path_answers_the_last_keystroke() {
    let mut a = app();
    let mut rt = Runtime::threaded(&a);
    key(&mut a, &mut rt, ch('/'));
    keys(&mut a, &mut rt, "calcium");
    assert_eq!(
        a.results.hits.len(),
        5,
        "nothing changes until the worker answers"
    );
    if a.results.pending != a.results.shown_generation {
        let s = text(draw(&a, 110, 30).backend().buffer());
        assert!(s.contains("searching…"), "{s}");
    }
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while ids(&a) != ["zhang-2019"] {
        assert!(std::time::Instant::now() < deadline, "no answer");
        rt.poll(&mut a);
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

#[test]
fn pickers_filter_mark_and_apply() {
    let mut a = app();
    let mut rt = Runtime::sync(&a);
    key(&mut a, &mut rt, ch('n'));
    assert_eq!(a.mode(), Mode::Picker);
    let p = a.overlay.picker().unwrap();
    assert_eq!(p.kind, FacetKind::Nutrient);
    // a header per category; a parent comes with its descendants' count
    // (vitamin K takes in K2), its children one level in below it
    assert!(p.rows[0].header, "{:?}", p.rows[0]);
    let row = |label: &str| {
        p.rows
            .iter()
            .find(|r| r.label == label && !r.header)
            .map(|r| (r.count, r.depth))
    };
    assert_eq!(row("vitamin K"), Some((3, 0)));
    assert_eq!(row("vitamin K2"), Some((3, 1)));
    assert!(p.rows.iter().any(|r| r.header && r.label == "vitamin"));
    keys(&mut a, &mut rt, "d3");
    let p = a.overlay.picker().unwrap();
    let shown: Vec<&str> = p
        .visible()
        .iter()
        .map(|(i, _)| p.rows[*i].label.as_str())
        .collect();
    assert_eq!(
        shown,
        ["vitamin", "vitamin D3"],
        "the match under its header"
    );
    assert_eq!(p.highlighted(), Some("vitamin D3"));
    key(&mut a, &mut rt, ch(' '));
    key(
        &mut a,
        &mut rt,
        KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL),
    );
    keys(&mut a, &mut rt, "calc");
    key(&mut a, &mut rt, ch(' '));
    assert_eq!(
        a.overlay.picker().unwrap().chosen,
        BTreeSet::from(["vitamin D3".to_string(), "calcium".to_string()])
    );
    key(&mut a, &mut rt, press(KeyCode::Enter));
    assert_eq!(a.mode(), Mode::List);
    assert_eq!(ids(&a), ["zhang-2019"]);
    let s = text(draw(&a, 110, 30).backend().buffer());
    // one chip for the facet: marks within it combine with "or"
    assert!(s.contains("n: calcium or vitamin D3"), "{s}");
    // Enter alone picks the highlighted condition
    key(&mut a, &mut rt, ch('c'));
    keys(&mut a, &mut rt, "fract");
    key(&mut a, &mut rt, press(KeyCode::Enter));
    assert!(a.query_line.facets.conditions.contains("fracture"));
    assert_eq!(ids(&a), ["zhang-2019"]);
    // x clears everything
    key(&mut a, &mut rt, ch('x'));
    assert!(a.query_line.facets.is_empty());
    assert_eq!(a.results.hits.len(), 5);
}

#[test]
fn picker_moves_and_esc_cancels() {
    let mut a = app();
    let mut rt = Runtime::sync(&a);
    key(&mut a, &mut rt, ch('c'));
    let header = |a: &App| {
        let p = a.overlay.picker().unwrap();
        p.rows[p.visible()[p.selected].0].header
    };
    let before = a
        .overlay
        .picker()
        .unwrap()
        .highlighted()
        .map(str::to_string);
    assert!(before.is_some(), "the highlight starts on a name");
    // every move lands on a name, never on a group's header (g and G
    // are typed in a picker: top and bottom come from a user's binding)
    for k in [
        KeyCode::Down,
        KeyCode::Down,
        KeyCode::Down,
        KeyCode::PageDown,
        KeyCode::Up,
        KeyCode::PageUp,
    ] {
        key(&mut a, &mut rt, press(k));
        assert!(!header(&a), "after {k:?}");
    }
    a.update(Action::Bottom);
    assert!(!header(&a), "at the bottom");
    a.update(Action::Top);
    assert_eq!(
        a.overlay
            .picker()
            .unwrap()
            .highlighted()
            .map(str::to_string),
        before
    );
    key(&mut a, &mut rt, ch(' '));
    key(&mut a, &mut rt, press(KeyCode::Esc));
    assert!(a.overlay.picker().is_none());
    assert!(a.query_line.facets.is_empty(), "Esc applies nothing");
}

#[test]
fn marking_a_parent_takes_in_the_studies_of_the_names_below_it() {
    let mut a = app();
    let mut rt = Runtime::sync(&a);
    // no study names vitamin K itself: all three name K2
    key(&mut a, &mut rt, ch('n'));
    keys(&mut a, &mut rt, "vitamin k");
    assert_eq!(a.overlay.picker().unwrap().highlighted(), Some("vitamin K"));
    key(&mut a, &mut rt, ch(' '));
    key(&mut a, &mut rt, press(KeyCode::Enter));
    let mut got = ids(&a);
    got.sort();
    assert_eq!(got, ["ibsen-2021", "okafor-2013", "tanaka-2016"]);
}

#[test]
fn sort_cycles() {
    let mut a = app();
    let mut rt = Runtime::sync(&a);
    key(&mut a, &mut rt, ch('s'));
    assert_eq!(a.results.sort, Sort::Newest);
    assert_eq!(ids(&a)[0], "ibsen-2021");
    assert_eq!(
        selected_id(&a),
        "okafor-2013",
        "the selection follows its study"
    );
    key(&mut a, &mut rt, ch('s'));
    assert_eq!(a.results.sort, Sort::LargestN);
    assert_eq!(ids(&a)[0], "zhang-2019");
    key(&mut a, &mut rt, ch('s'));
    assert_eq!(a.results.sort, Sort::Title);
    key(&mut a, &mut rt, ch('s'));
    assert_eq!(a.results.sort, Sort::Relevance);
    assert!(text(draw(&a, 110, 30).backend().buffer()).contains("sort: relevance"));
}

#[test]
fn open_asks_for_the_doi_or_pubmed_page() {
    let mut a = app();
    assert_eq!(
        a.update(Action::OpenLink),
        Some(Effect::Open(
            "https://doi.org/10.1000/bone.2013.0101".into()
        ))
    );
    a.update(Action::Select(2));
    assert_eq!(
        a.update(Action::OpenLink),
        Some(Effect::Open(
            "https://pubmed.ncbi.nlm.nih.gov/31234567/".into()
        ))
    );
    a.update(Action::Select(3));
    assert_eq!(a.update(Action::OpenLink), None);
    assert_eq!(a.status.as_ref().unwrap().1, Tone::Error);
}

#[test]
fn open_runs_the_opener_and_reports_failure() {
    let mut a = app();
    let mut rt = Runtime::sync(&a).with_opener(vec!["true".into()]);
    key(&mut a, &mut rt, ch('o'));
    let (msg, tone) = a.status.clone().unwrap();
    assert_eq!(tone, Tone::Info, "{msg}");
    let mut rt = Runtime::sync(&a).with_opener(vec!["/nonexistent/opener".into()]);
    key(&mut a, &mut rt, ch('o'));
    let (msg, tone) = a.status.clone().unwrap();
    assert_eq!(tone, Tone::Error);
    assert!(msg.contains("could not open"), "{msg}");
    assert!(text(draw(&a, 110, 30).backend().buffer()).contains("could not open"));
}

#[test]
fn export_writes_the_shown_studies_and_asks_before_overwriting() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.json");
    let mut a = app();
    let mut rt = Runtime::sync(&a);
    key(&mut a, &mut rt, ch('/'));
    keys(&mut a, &mut rt, "osteo");
    key(&mut a, &mut rt, press(KeyCode::Enter));
    key(&mut a, &mut rt, ch('e'));
    assert_eq!(a.mode(), Mode::Prompt);
    key(
        &mut a,
        &mut rt,
        KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL),
    );
    keys(&mut a, &mut rt, path.to_str().unwrap());
    key(&mut a, &mut rt, press(KeyCode::Enter));
    // written on an export thread: the status says so until it is done
    assert!(a.status.as_ref().unwrap().0.contains("writing 2 studies"));
    settle(&mut a, &mut rt, |a| a.mode() == Mode::List);
    let written: Vec<Study> =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(written.len(), 2);
    assert!(a.status.as_ref().unwrap().0.contains("exported 2 studies"));

    // again: the file exists, so the browser asks
    key(&mut a, &mut rt, ch('x'));
    key(&mut a, &mut rt, ch('e'));
    key(
        &mut a,
        &mut rt,
        KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL),
    );
    keys(&mut a, &mut rt, path.to_str().unwrap());
    key(&mut a, &mut rt, press(KeyCode::Enter));
    settle(&mut a, &mut rt, |a| a.mode() == Mode::Confirm);
    assert!(text(draw(&a, 110, 30).backend().buffer()).contains("Replace it?"));
    key(&mut a, &mut rt, ch('n'));
    assert_eq!(a.mode(), Mode::List);
    let kept: Vec<Study> = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(kept.len(), 2, "n keeps the old file");
    key(&mut a, &mut rt, ch('e'));
    key(
        &mut a,
        &mut rt,
        KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL),
    );
    keys(&mut a, &mut rt, path.to_str().unwrap());
    key(&mut a, &mut rt, press(KeyCode::Enter));
    settle(&mut a, &mut rt, |a| a.mode() == Mode::Confirm);
    key(&mut a, &mut rt, ch('y'));
    settle(&mut a, &mut rt, |a| {
        a.status
            .as_ref()
            .is_some_and(|s| s.0.contains("exported 5"))
    });
    let replaced: Vec<Study> =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(replaced.len(), 5);
}

#[test]
fn export_refuses_unknown_formats() {
    let mut a = app();
    let mut rt = Runtime::sync(&a);
    key(&mut a, &mut rt, ch('e'));
    key(
        &mut a,
        &mut rt,
        KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL),
    );
    keys(&mut a, &mut rt, "out.xyz");
    key(&mut a, &mut rt, press(KeyCode::Enter));
    assert_eq!(a.mode(), Mode::Prompt, "still asking");
    assert!(a.status.as_ref().unwrap().0.contains("unknown format"));
    key(&mut a, &mut rt, press(KeyCode::Esc));
    assert_eq!(a.mode(), Mode::List);
}

#[test]
fn help_and_diagnostics_toggle() {
    let mut a = app();
    let mut rt = Runtime::sync(&a);
    key(&mut a, &mut rt, ch('?'));
    assert_eq!(a.mode(), Mode::Help);
    key(&mut a, &mut rt, ch('j'));
    assert_eq!(a.results.selected, 0, "keys under the help do nothing");
    key(&mut a, &mut rt, ch('?'));
    assert_eq!(a.mode(), Mode::List);
    key(&mut a, &mut rt, ch('!'));
    assert_eq!(a.mode(), Mode::Diagnostics);
    key(&mut a, &mut rt, press(KeyCode::Esc));
    assert_eq!(a.mode(), Mode::List);
}

#[test]
fn help_lists_every_key() {
    let mut a = app();
    a.update(Action::ToggleHelp);
    let s = text(draw(&a, 120, 50).backend().buffer());
    for b in a.keys.bindings().iter().filter(|b| !b.what.is_empty()) {
        assert!(s.contains(&b.keys), "{} missing from help:\n{s}", b.keys);
    }
}

#[test]
fn quit_keys() {
    for k in [
        ch('q'),
        KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
    ] {
        let mut a = app();
        let mut rt = Runtime::sync(&a);
        key(&mut a, &mut rt, k);
        assert!(a.quit);
    }
    // q types into the filter line; Ctrl-C quits from anywhere
    let mut a = app();
    let mut rt = Runtime::sync(&a);
    key(&mut a, &mut rt, ch('/'));
    key(&mut a, &mut rt, ch('q'));
    assert!(!a.quit);
    assert_eq!(a.query_line.line.text(), "q");
    key(
        &mut a,
        &mut rt,
        KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
    );
    assert!(a.quit);
}

#[test]
fn only_key_presses_count() {
    let a = app();
    let release = Event::Key(KeyEvent::new_with_kind(
        KeyCode::Char('q'),
        KeyModifiers::NONE,
        KeyEventKind::Release,
    ));
    assert!(event_action(&a, Rect::new(0, 0, 100, 30), &release).is_none());
}

#[test]
fn mouse_click_selects_and_wheel_scrolls() {
    let mut a = app();
    let mut rt = Runtime::sync(&a);
    let screen = Rect::new(0, 0, 110, 30);
    draw(&a, 110, 30);
    let click = |row| {
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: 5,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    // rows start under the header, the query line and the list's border
    let act = event_action(&a, screen, &click(5)).unwrap();
    rt.dispatch(&mut a, act);
    assert_eq!(a.results.selected, 2);
    assert!(
        event_action(&a, screen, &click(20)).is_none(),
        "below the last row"
    );
    let wheel = Event::Mouse(MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: 5,
        row: 10,
        modifiers: KeyModifiers::NONE,
    });
    let act = event_action(&a, screen, &wheel).unwrap();
    rt.dispatch(&mut a, act);
    assert_eq!(a.results.selected, 4);
    let wheel_detail = Event::Mouse(MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: 90,
        row: 10,
        modifiers: KeyModifiers::NONE,
    });
    let act = event_action(&a, screen, &wheel_detail).unwrap();
    rt.dispatch(&mut a, act);
    assert_eq!(a.results.detail_scroll, 3);
}

#[test]
fn resize_is_recorded_and_panic_key_needs_the_switch() {
    let mut a = app();
    let act = event_action(&a, Rect::new(0, 0, 1, 1), &Event::Resize(33, 7)).unwrap();
    a.update(act);
    assert_eq!(a.screen, (33, 7));
    assert_eq!(a.update(Action::ForcePanic), None);
    a.panic_key = Some(false);
    assert_eq!(
        a.update(Action::ForcePanic),
        Some(Effect::Panic { in_thread: false })
    );
}

#[test]
fn a_large_library_draws_without_reading_details() {
    // details are read on the details thread, never by a frame: a frame
    // that read them would stop every key behind a long abstract (the time
    // a frame takes is printed by `vitascope bench`, not asserted here)
    let mut a = deferred_app(200_000);
    a.update(Action::Bottom);
    let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
    for _ in 0..20 {
        t.draw(|f| f.render_widget(&a, f.area())).unwrap();
        a.update(Action::Up);
    }
    let read = a
        .store
        .studies()
        .iter()
        .filter(|s| s.details.is_read())
        .count();
    assert_eq!(
        read, 0,
        "a 40-line screen moved 20 rows read {read} studies"
    );
    let s = text(t.backend().buffer());
    assert!(s.contains("Trial of 199980"), "{s}");
    assert!(s.contains("reading…"), "{s}");
}

/// A study whose size is read from its title on first use, as an export's
/// abstract is.
/// A browser over `count` studies whose details are read on first use.
fn deferred_app(count: u32) -> App {
    App::new(Library {
        store: Store::new((0..count).map(deferred).collect()),
        ..Library::default()
    })
}

fn deferred(i: u32) -> Study {
    fn read(s: &Study, _: Option<&'static str>) -> Details {
        let mut d = Details::default();
        d.population.n = s.title.rsplit(' ').next().and_then(|n| n.parse().ok());
        d
    }
    Study {
        title: format!("Trial of {i}"),
        citation: Citation {
            authors: [format!("Author{i} A")].into_iter().collect(),
            year: Some(2000 + (i % 20) as i32),
            ..Citation::default()
        },
        details: vitascope::study::LazyDetails::deferred(vitascope::study::Deferred {
            read,
            hint: None,
        }),
        ..Study::default()
    }
}

#[test]
fn sorting_a_large_unread_library_by_size_waits_for_no_one() {
    let count = 2_500;
    let mut a = deferred_app(count);
    let mut rt = Runtime::sync(&a);
    key(&mut a, &mut rt, ch('s'));
    key(&mut a, &mut rt, ch('s'));
    assert_eq!(a.results.sort, Sort::LargestN);
    assert!(
        a.results.sizes_pending,
        "the sizes are read off the UI thread"
    );
    let (said, _) = a.status.clone().unwrap();
    assert!(said.contains("still being read"), "{said}");
    assert!(
        a.store
            .studies()
            .iter()
            .filter(|s| s.details.is_read())
            .count()
            < 100,
        "the key read (nearly) nothing"
    );
    // the details reader finishes, and the order follows
    rt.read_behind(&mut a);
    settle(&mut a, &mut rt, |a| !a.results.sizes_pending);
    assert_eq!(ids(&a)[0], a.store.studies()[count as usize - 1].id);
    let (said, _) = a.status.clone().unwrap();
    assert_eq!(said, "sorted by largest n");
}

#[test]
fn sorting_a_small_library_by_size_waits_for_the_details_reader() {
    let mut a = deferred_app(50);
    let mut rt = Runtime::sync(&a);
    rt.dispatch(&mut a, Action::CycleSort);
    rt.dispatch(&mut a, Action::CycleSort);
    assert_eq!(a.results.sort, Sort::LargestN);
    // no extraction on the key: the order is provisional until the
    // reader's news comes
    assert!(a.results.sizes_pending);
    rt.read_behind(&mut a);
    settle(&mut a, &mut rt, |a| !a.results.sizes_pending);
    assert_eq!(ids(&a)[0], a.store.studies()[49].id);
}

/// A first look at `full`: its first three studies.
fn first_three(full: &Library) -> Library {
    Library {
        store: Store::new(full.store.studies()[..3].to_vec()),
        ..Library::default()
    }
}

/// The whole library read, its index still being built.
fn whole(store: &Arc<Store>) -> Action {
    Action::Loaded {
        store: Arc::clone(store),
        files: 1,
        diagnostics: Vec::new(),
        look: Look::Whole,
    }
}

/// The action that a load sends the browser with `lib`.
fn loaded(lib: Library, look: Look) -> Action {
    Action::Loaded {
        store: Arc::new(lib.store),
        files: lib.files.len(),
        diagnostics: lib.diagnostics,
        look,
    }
}

#[test]
fn a_library_loading_shows_progress_and_takes_the_query_typed_meanwhile() {
    let mut a = App::new(Library::default());
    a.progress.loading = Some(Snapshot::default());
    let mut rt = Runtime::sync(&a);
    rt.dispatch(
        &mut a,
        Action::Loading(Snapshot {
            stage: Stage::Reading,
            done: 45_000_000,
            total: 100_000_000,
            studies: 12_345,
            ..Snapshot::default()
        }),
    );
    let screen = text(draw(&a, 110, 30).backend().buffer());
    assert!(screen.contains("Reading the library"), "{screen}");
    assert!(screen.contains("45%"), "{screen}");
    assert!(
        screen.contains("45.0 MB of 100.0 MB · 12,345 studies read"),
        "{screen}"
    );
    assert!(screen.contains("loading 45%"), "{screen}");
    for (w, h) in [(1, 1), (20, 5), (30, 9), (60, 24), (200, 60)] {
        let small = text(draw(&a, w, h).backend().buffer());
        if w >= 20 {
            assert!(small.contains("loading"), "{w}x{h}:\n{small}");
        }
    }

    // the query line takes keys before there is anything to match
    key(&mut a, &mut rt, ch('/'));
    keys(&mut a, &mut rt, "osteo");
    key(&mut a, &mut rt, press(KeyCode::Enter));
    assert_eq!(a.query_line.line.text(), "osteo");
    assert!(a.results.hits.is_empty());

    let lib = library();
    rt.dispatch(&mut a, loaded(lib, Look::Done));
    assert!(a.progress.loading.is_none());
    assert_eq!(
        ids(&a),
        ["tanaka-2016", "okafor-2013"],
        "the query typed while loading applies"
    );
    let screen = text(draw(&a, 110, 30).backend().buffer());
    assert!(!screen.contains("Reading the library"), "{screen}");
    assert!(screen.contains("2/5"), "{screen}");
}

#[test]
fn a_sort_chosen_while_loading_orders_the_loaded_library() {
    let mut a = App::new(Library::default());
    a.progress.loading = Some(Snapshot::default());
    let mut rt = Runtime::sync(&a);
    key(&mut a, &mut rt, ch('s'));
    let sort = a.results.sort;
    let lib = library();
    rt.dispatch(&mut a, loaded(lib, Look::Done));
    let mut sorted = App::new(library());
    let mut rt2 = Runtime::sync(&sorted);
    key(&mut sorted, &mut rt2, ch('s'));
    assert_eq!(sorted.results.sort, sort);
    assert_eq!(ids(&a), ids(&sorted));
    assert_ne!(ids(&a), ids(&app()), "the sort changed the order");
}

#[test]
fn a_first_look_is_browsable_and_the_full_library_keeps_the_row() {
    let mut a = App::new(Library::default());
    a.progress.loading = Some(Snapshot {
        stage: Stage::Reading,
        done: 10,
        total: 40,
        studies: 3,
        ..Snapshot::default()
    });
    let mut rt = Runtime::sync(&a);
    let full = library();
    rt.dispatch(&mut a, loaded(first_three(&full), Look::First));
    assert!(a.progress.loading.is_some(), "still loading");
    assert_eq!(a.results.hits.len(), 3);
    let screen = text(draw(&a, 110, 30).backend().buffer());
    assert!(screen.contains("first 3 studies shown"), "{screen}");
    assert!(screen.contains("3/3 loading 25%"), "{screen}");
    key(&mut a, &mut rt, ch('j'));
    key(&mut a, &mut rt, ch('j'));
    let on = selected_id(&a);
    rt.dispatch(&mut a, loaded(full, Look::Done));
    assert!(a.progress.loading.is_none());
    assert_eq!(a.results.hits.len(), 5);
    assert_eq!(selected_id(&a), on, "the row browsed stays selected");
}

/// An app loading a library whose reading is done: the whole store has
/// come with `Look::Whole`, its index is being built.
fn indexing_app(query: &str) -> (App, Runtime, Arc<Store>) {
    let mut a = App::new(Library::default());
    a.progress.loading = Some(Snapshot::default());
    // a worker, as a library large enough to be indexed gets
    let mut rt = Runtime::threaded(&a);
    if !query.is_empty() {
        key(&mut a, &mut rt, ch('/'));
        keys(&mut a, &mut rt, query);
        key(&mut a, &mut rt, press(KeyCode::Enter));
    }
    let store = Arc::new(library().store);
    rt.dispatch(&mut a, whole(&store));
    rt.dispatch(
        &mut a,
        Action::Loading(Snapshot {
            stage: Stage::Indexing,
            done: 100,
            total: 100,
            studies: 5,
            ..Snapshot::default()
        }),
    );
    (a, rt, store)
}

/// Polls the runtime for `ms`, then says whether a search is still waiting.
fn still_waiting_after(a: &mut App, rt: &mut Runtime, ms: u64) -> bool {
    let until = std::time::Instant::now() + std::time::Duration::from_millis(ms);
    while std::time::Instant::now() < until {
        rt.poll(a);
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    a.results.pending != a.results.shown_generation
}

/// Hands `a` the index of `store`, then waits for the rows to be `want`.
fn indexed_then(a: &mut App, rt: &mut Runtime, store: &Store, want: &[&str]) {
    rt.dispatch(
        a,
        Action::Indexed(Arc::new(vitascope::index::Index::build(store))),
    );
    assert!(a.progress.loading.is_none() && !a.progress.indexing);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while ids(a) != want {
        assert!(
            std::time::Instant::now() < deadline,
            "no answer: {:?}",
            ids(a)
        );
        rt.poll(a);
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

#[test]
fn the_whole_library_is_browsable_while_its_index_is_built() {
    let (mut a, mut rt, store) = indexing_app("");
    assert!(a.progress.loading.is_some() && a.progress.indexing);
    assert_eq!(
        a.results.hits.len(),
        store.len(),
        "every row is shown at once"
    );
    let screen = text(draw(&a, 110, 30).backend().buffer());
    assert!(
        screen.contains("5 studies; indexing their words for search"),
        "{screen}"
    );
    assert!(screen.contains("5/5 indexing…"), "{screen}");

    // a query typed now waits for the index, the rows staying meanwhile
    key(&mut a, &mut rt, ch('/'));
    keys(&mut a, &mut rt, "osteo");
    assert!(
        still_waiting_after(&mut a, &mut rt, 300),
        "no answer without the index"
    );
    assert_eq!(a.results.hits.len(), 5);
    let screen = text(draw(&a, 110, 30).backend().buffer());
    assert!(screen.contains("5/5 indexing… searching…"), "{screen}");

    indexed_then(&mut a, &mut rt, &store, &["tanaka-2016", "okafor-2013"]);
    let screen = text(draw(&a, 110, 30).backend().buffer());
    assert!(screen.contains("5 studies from 1 file"), "{screen}");
    assert!(screen.contains("2/5"), "{screen}");
}

#[test]
fn a_query_typed_before_the_whole_library_came_waits_for_its_index() {
    let (mut a, mut rt, store) = indexing_app("osteo");
    assert!(a.store.is_empty(), "held back while its index is built");
    assert!(!a.progress.indexing && a.results.hits.is_empty());
    indexed_then(&mut a, &mut rt, &store, &["tanaka-2016", "okafor-2013"]);
    assert_eq!(a.store.len(), 5);
}

#[test]
fn clearing_the_query_shows_the_whole_library_before_its_index() {
    let (mut a, mut rt, store) = indexing_app("osteo");
    assert!(a.store.is_empty(), "held back while its index is built");
    rt.dispatch(&mut a, Action::ClearFilters);
    assert_eq!(a.store.len(), 5);
    assert!(a.progress.indexing);
    assert_eq!(a.results.hits.len(), 5);
    let all = ids(&a);
    let all: Vec<&str> = all.iter().map(String::as_str).collect();
    indexed_then(&mut a, &mut rt, &store, &all);
    assert!(!a.progress.indexing);
}

#[test]
fn a_first_look_keeps_its_matches_until_the_whole_library_can_answer() {
    let mut a = App::new(Library::default());
    a.progress.loading = Some(Snapshot::default());
    let mut rt = Runtime::threaded(&a);
    let full = library();
    rt.dispatch(&mut a, loaded(first_three(&full), Look::First));
    key(&mut a, &mut rt, ch('/'));
    keys(&mut a, &mut rt, "osteo");
    key(&mut a, &mut rt, press(KeyCode::Enter));
    assert!(
        !still_waiting_after(&mut a, &mut rt, 300),
        "the first look answers"
    );
    let in_first_look = ids(&a);
    assert_eq!(in_first_look, ["okafor-2013"]);

    let store = Arc::new(full.store);
    rt.dispatch(&mut a, whole(&store));
    assert_eq!(
        ids(&a),
        in_first_look,
        "its matches stay while the index is built"
    );
    assert_eq!(a.store.len(), 3);
    indexed_then(&mut a, &mut rt, &store, &["tanaka-2016", "okafor-2013"]);
    assert_eq!(a.store.len(), 5);
}

// ---- suspend and paste ----

#[test]
fn ctrl_z_asks_the_loop_to_suspend_from_any_mode() {
    let ctrl_z = KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL);
    for open in ['/', 'n', 'e', '?'] {
        let mut a = app();
        let mut rt = Runtime::sync(&a);
        key(&mut a, &mut rt, ch(open));
        let mode = a.mode();
        assert!(
            matches!(keymap(ctrl_z, mode), Some(Action::Suspend)),
            "{mode:?}"
        );
        key(&mut a, &mut rt, ctrl_z);
        assert!(rt.suspend, "{mode:?}: the loop is asked to stop");
        assert!(!a.quit);
        assert_eq!(a.mode(), mode, "the screen comes back as it was");
    }
}

#[test]
fn a_paste_goes_into_the_line_in_one_update_without_controls() {
    let mut a = app();
    let mut rt = Runtime::sync(&a);
    let screen = Rect::new(0, 0, 110, 30);
    let pasted = format!("osteo\r\npor\tosis\u{1b}[31m\u{7}{}", " ".repeat(5_000));
    let action = event_action(&a, screen, &Event::Paste(pasted)).unwrap();
    let before = a.results.pending;
    rt.dispatch(&mut a, action);
    assert_eq!(
        a.mode(),
        Mode::Query,
        "a paste in the list opens the filter"
    );
    assert_eq!(
        a.results.pending,
        before + 1,
        "one search for the whole paste"
    );
    assert!(
        a.query_line.line.text().starts_with("osteo por osis[31m"),
        "{:?}",
        &a.query_line.line.text()[..30]
    );
    assert!(!a.query_line.line.text().chars().any(char::is_control));
    // Esc answers at once after a paste of any size
    key(&mut a, &mut rt, press(KeyCode::Esc));
    assert_eq!((a.mode(), a.query_line.line.text()), (Mode::List, ""));

    // into the export prompt and the picker; nowhere when a question is asked
    key(&mut a, &mut rt, ch('e'));
    key(
        &mut a,
        &mut rt,
        KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL),
    );
    rt.dispatch(&mut a, Action::Paste("out\n.json".into()));
    assert_eq!(a.overlay.prompt().unwrap().input.text(), "out .json");
    key(&mut a, &mut rt, press(KeyCode::Esc));
    key(&mut a, &mut rt, ch('n'));
    rt.dispatch(&mut a, Action::Paste("d3".into()));
    assert_eq!(a.overlay.picker().unwrap().query.text(), "d3");
    key(&mut a, &mut rt, press(KeyCode::Esc));
    key(&mut a, &mut rt, ch('?'));
    rt.dispatch(&mut a, Action::Paste("x".into()));
    assert_eq!((a.mode(), a.query_line.line.text()), (Mode::Help, ""));
}

#[test]
fn a_long_query_line_draws_its_end_quickly() {
    let mut a = app();
    let mut rt = Runtime::sync(&a);
    rt.dispatch(
        &mut a,
        Action::Paste("vitamin k2 bone ".repeat(20_000) + "END"),
    );
    let start = std::time::Instant::now();
    let s = text(draw(&a, 110, 30).backend().buffer());
    assert!(
        start.elapsed() < std::time::Duration::from_secs(1),
        "{:?}",
        start.elapsed()
    );
    assert!(s.lines().nth(1).unwrap().contains("bone END▏"), "{s}");
}

/// Set by the test to let [`slow_read`] finish.
static SLOW_READ_GO: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Details that take as long as the test wants, as a 10 MB abstract does.
fn slow_read(_: &Study, _: Option<&'static str>) -> Details {
    while !SLOW_READ_GO.load(std::sync::atomic::Ordering::Acquire) {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    Details {
        findings: vec!["Finally read".into()],
        ..Details::default()
    }
}

#[test]
fn details_are_read_off_the_ui_thread_and_keys_answer_meanwhile() {
    let mut slow = study(
        "slow-2020",
        "A study with a huge abstract",
        2020,
        Design::Rct,
        None,
    );
    slow.details = vitascope::study::LazyDetails::deferred(vitascope::study::Deferred {
        read: slow_read,
        hint: None,
    });
    let mut a = App::new(Library {
        store: Store::new(vec![slow]),
        ..Library::default()
    });
    let mut rt = Runtime::sync(&a);
    let start = std::time::Instant::now();
    key(&mut a, &mut rt, press(KeyCode::Enter));
    let s = text(draw(&a, 110, 30).backend().buffer());
    assert!(s.contains("reading…"), "{s}");
    assert!(!rt.poll(&mut a), "nothing read yet");
    key(&mut a, &mut rt, press(KeyCode::Tab));
    assert_eq!(
        a.focus,
        Focus::List,
        "keys answer while the details are read"
    );
    assert!(start.elapsed() < std::time::Duration::from_secs(2));

    SLOW_READ_GO.store(true, std::sync::atomic::Ordering::Release);
    let start = std::time::Instant::now();
    while !rt.poll(&mut a) {
        assert!(start.elapsed() < std::time::Duration::from_secs(10));
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let s = text(draw(&a, 110, 30).backend().buffer());
    assert!(s.contains("Finally read"), "{s}");
    key(&mut a, &mut rt, ch('q'));
    assert!(a.quit);
}

// ---- where exports and links go ----

/// Types `path` into the export prompt and presses Enter; the status said.
fn export_as(a: &mut App, rt: &mut Runtime, path: &str) -> String {
    key(a, rt, ch('e'));
    key(
        a,
        rt,
        KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL),
    );
    rt.dispatch(a, Action::Paste(path.into()));
    key(a, rt, press(KeyCode::Enter));
    written(a, rt);
    a.status.clone().map(|(s, _)| s).unwrap_or_default()
}

#[test]
fn an_export_says_which_directory_is_missing_and_replaces_no_link_or_pipe() {
    let mut a = app();
    let mut rt = Runtime::sync(&a);
    let said = export_as(&mut a, &mut rt, "/no/such/dir/out.json");
    assert!(
        said.contains("directory /no/such/dir does not exist"),
        "{said}"
    );
    assert!(!said.contains("not installed"), "{said}");

    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("elsewhere.json");
    std::fs::write(&target, "kept").unwrap();
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    for _ in 0..2 {
        let said = export_as(&mut a, &mut rt, link.to_str().unwrap());
        if a.mode() == Mode::Confirm {
            key(&mut a, &mut rt, ch('y'));
            written(&mut a, &mut rt);
        }
        let said = a.status.clone().map_or(said, |(s, _)| s);
        assert!(said.contains("is a symbolic link: not replaced"), "{said}");
    }
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "kept");

    let fifo = dir.path().join("pipe.json");
    if std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success())
    {
        let said = export_as(&mut a, &mut rt, fifo.to_str().unwrap());
        assert!(
            said.contains("is not a regular file: not replaced"),
            "{said}"
        );
    }
}

#[test]
fn a_link_is_one_well_formed_address_and_shown_when_no_opener_runs() {
    let mut a = app();
    let mut rt = Runtime::sync(&a).with_opener(vec!["/nonexistent/opener".into()]);
    let mut odd = study("odd-2020", "Odd DOI", 2020, Design::Rct, None);
    odd.citation.doi = Some("10.1000/a b\n\u{1b}[31m#?%é".into());
    let mut url = study("url-2020", "Odd URL", 2020, Design::Rct, None);
    url.citation.url = Some("https://example.org/a b?q=1#x\u{7}".into());
    a.store = Arc::new(Store::new(vec![odd, url]));
    a.results.hits = vec![
        vitascope::filter::Hit { index: 0, score: 0 },
        vitascope::filter::Hit { index: 1, score: 0 },
    ];
    // the store has made the controls visible ("\n" a space, ESC "␛"), and
    // what is left is percent-encoded into one address
    let doi = "https://doi.org/10.1000/a%20b%20%E2%90%9B%5B31m%23%3F%25%C3%A9";
    assert_eq!(a.update(Action::OpenLink), Some(Effect::Open(doi.into())));
    a.update(Action::Select(1));
    assert_eq!(
        a.update(Action::OpenLink),
        Some(Effect::Open(
            "https://example.org/a%20b?q=1#x%E2%90%87".into()
        ))
    );
    a.update(Action::Select(0));
    key(&mut a, &mut rt, ch('o'));
    let (said, tone) = a.status.clone().unwrap();
    assert_eq!(tone, Tone::Error);
    assert!(
        said.contains("not installed") && said.contains(doi),
        "{said}"
    );
}

#[test]
fn space_marks_rows_and_export_and_copy_take_the_marked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("marked.json");
    let mut a = app();
    let mut rt = Runtime::sync(&a);
    let first_three: Vec<String> = ids(&a).into_iter().take(3).collect();
    for _ in 0..3 {
        key(&mut a, &mut rt, ch(' '));
    }
    assert_eq!(a.results.marked.len(), 3);
    assert!(text(draw(&a, 110, 30).backend().buffer()).contains("3 marked"));
    key(&mut a, &mut rt, ch('e'));
    key(
        &mut a,
        &mut rt,
        KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL),
    );
    rt.dispatch(&mut a, Action::Paste(path.to_str().unwrap().into()));
    key(&mut a, &mut rt, press(KeyCode::Enter));
    settle(&mut a, &mut rt, |a| a.mode() == Mode::List);
    let written: Vec<Study> =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let mut got: Vec<String> = written.into_iter().map(|s| s.id).collect();
    let mut want = first_three.clone();
    got.sort();
    want.sort();
    assert_eq!(got, want);

    // y copies the marked studies' references, one a line, and says so
    key(&mut a, &mut rt, ch('y'));
    let copied = rt.copied().last().cloned().unwrap();
    assert_eq!(copied.lines().count(), 3, "{copied}");
    let (said, _) = a.status.clone().unwrap();
    assert!(said.starts_with("copied reference: "), "{said}");
    assert!(said.contains(copied.lines().next().unwrap()), "{said}");

    // Y asks what; d copies the DOIs there are
    key(&mut a, &mut rt, ch('Y'));
    assert_eq!(a.mode(), Mode::Copy);
    key(&mut a, &mut rt, ch('d'));
    assert_eq!(a.mode(), Mode::List);
    let dois = rt.copied().last().cloned().unwrap();
    assert!(dois.lines().all(|l| l.starts_with("10.")), "{dois}");
}

#[test]
fn a_facet_chip_joins_its_names_with_or() {
    let mut a = app();
    a.query_line.facets.nutrients = ["vitamin K2", "vitamin D3"]
        .map(String::from)
        .into_iter()
        .collect();
    a.query_line.facets.conditions = std::iter::once("fracture".to_string()).collect();
    let s = text(draw(&a, 110, 30).backend().buffer());
    let header = s.lines().next().unwrap();
    assert!(header.contains(" n: vitamin D3 or vitamin K2 "), "{header}");
    assert!(header.contains(" c: fracture "), "{header}");
}

#[test]
fn the_query_line_edits_at_its_cursor_and_recalls_history() {
    let mut a = app();
    let mut rt = Runtime::sync(&a);
    let ctrl = |c: char| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
    key(&mut a, &mut rt, ch('/'));
    keys(&mut a, &mut rt, "bone vitamn");
    key(&mut a, &mut rt, press(KeyCode::Left));
    key(&mut a, &mut rt, ch('i'));
    assert_eq!(a.query_line.line.text(), "bone vitamin");
    key(&mut a, &mut rt, press(KeyCode::Home));
    keys(&mut a, &mut rt, "low ");
    assert_eq!(a.query_line.line.text(), "low bone vitamin");
    key(&mut a, &mut rt, press(KeyCode::End));
    key(&mut a, &mut rt, ctrl('w'));
    assert_eq!(a.query_line.line.text(), "low bone ");
    key(&mut a, &mut rt, press(KeyCode::Backspace));
    key(&mut a, &mut rt, press(KeyCode::Enter));
    assert_eq!(a.query_line.history.entries(), ["low bone"]);
    // the search follows every edit
    assert_eq!(a.results.pending, a.results.shown_generation);

    key(&mut a, &mut rt, ch('/'));
    key(&mut a, &mut rt, ctrl('u'));
    keys(&mut a, &mut rt, "osteo");
    key(&mut a, &mut rt, press(KeyCode::Enter));
    key(&mut a, &mut rt, ch('/'));
    key(&mut a, &mut rt, press(KeyCode::Up));
    assert_eq!(a.query_line.line.text(), "osteo");
    key(&mut a, &mut rt, press(KeyCode::Up));
    assert_eq!(a.query_line.line.text(), "low bone");
    key(&mut a, &mut rt, press(KeyCode::Down));
    key(&mut a, &mut rt, press(KeyCode::Down));
    assert_eq!(
        a.query_line.line.text(),
        "",
        "past the newest: an empty line"
    );
    let s = text(draw(&a, 110, 30).backend().buffer());
    assert!(
        s.contains("earlier / later") || s.contains("history"),
        "{s}"
    );
}

fn alt(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT)
}

fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

#[test]
fn words_kill_and_delete_in_the_query_line() {
    let mut a = app();
    let mut rt = Runtime::sync(&a);
    key(&mut a, &mut rt, ch('/'));
    keys(&mut a, &mut rt, "bone loss women");
    key(&mut a, &mut rt, alt('b'));
    key(&mut a, &mut rt, alt('b'));
    key(&mut a, &mut rt, ctrl('k'));
    assert_eq!(a.query_line.line.text(), "bone ");
    let searched = a.results.pending;
    key(&mut a, &mut rt, alt('b'));
    key(&mut a, &mut rt, press(KeyCode::Delete));
    assert_eq!(a.query_line.line.text(), "one ");
    assert!(a.results.pending > searched, "each edit searches again");
    key(&mut a, &mut rt, alt('f'));
    assert_eq!(a.query_line.line.split(), ("one", " "));
    let moved = a.results.pending;
    key(&mut a, &mut rt, alt('f'));
    assert_eq!(a.query_line.line.cursor(), 4);
    assert_eq!(a.results.pending, moved, "a move searches nothing");
    key(&mut a, &mut rt, press(KeyCode::Delete));
    assert_eq!(
        a.query_line.line.text(),
        "one ",
        "Delete at the end: nothing"
    );
}

#[test]
fn the_export_prompt_is_a_line_editor_too() {
    let mut a = app();
    let mut rt = Runtime::sync(&a);
    key(&mut a, &mut rt, ch('e'));
    assert_eq!(a.mode(), Mode::Prompt);
    let input = |a: &App| a.overlay.prompt().unwrap().input.text().to_string();
    assert_eq!(input(&a), "vitascope-export.json");
    key(&mut a, &mut rt, alt('b'));
    key(&mut a, &mut rt, ctrl('k'));
    assert_eq!(input(&a), "vitascope-export.", "Alt-B stops at the dot");
    key(&mut a, &mut rt, ctrl('u'));
    keys(&mut a, &mut rt, "~/out/x.csv");
    key(&mut a, &mut rt, press(KeyCode::Home));
    key(&mut a, &mut rt, press(KeyCode::Delete));
    key(&mut a, &mut rt, press(KeyCode::Delete));
    key(&mut a, &mut rt, alt('f'));
    keys(&mut a, &mut rt, "s");
    assert_eq!(input(&a), "outs/x.csv");
    let s = text(draw(&a, 100, 24).backend().buffer());
    assert!(
        s.contains("outs▏/x.csv"),
        "the cursor is drawn where it is:\n{s}"
    );
}

#[test]
fn one_overlay_at_a_time() {
    let mut a = app();
    let mut rt = Runtime::sync(&a);
    key(&mut a, &mut rt, ch('n'));
    assert!(matches!(a.overlay, Overlay::Picker(_)));
    key(&mut a, &mut rt, press(KeyCode::Esc));
    key(&mut a, &mut rt, ch('?'));
    assert!(matches!(a.overlay, Overlay::Help { scroll: 0 }));
    key(&mut a, &mut rt, ch('j'));
    assert!(matches!(a.overlay, Overlay::Help { scroll: 1 }));
    key(&mut a, &mut rt, ch('?'));
    assert!(a.overlay.is_none());
    key(&mut a, &mut rt, ch('!'));
    assert_eq!(a.mode(), Mode::Diagnostics);
    key(&mut a, &mut rt, press(KeyCode::Esc));
    key(&mut a, &mut rt, ch('Y'));
    assert_eq!(a.mode(), Mode::Copy);
    key(&mut a, &mut rt, press(KeyCode::Esc));
    assert_eq!(a.mode(), Mode::List);
}

#[test]
fn enter_asks_for_the_history_to_be_kept_and_a_failure_is_said() {
    let mut a = app();
    a.update(Action::FocusQuery);
    a.update(Action::Paste("osteo".into()));
    let kept = a.update(Action::Accept);
    assert_eq!(kept, Some(Effect::SaveHistory(vec!["osteo".into()])));
    a.update(Action::FocusQuery);
    assert_eq!(a.update(Action::Accept), None, "the same query twice: once");
    a.update(Action::HistorySaved(Err(
        "history: permission denied".into()
    )));
    let (said, tone) = a.status.clone().unwrap();
    assert_eq!(tone, Tone::Error);
    assert!(
        said.contains("not saved") && said.contains("permission denied"),
        "{said}"
    );
    assert_eq!(a.mode(), Mode::List, "the browser goes on");
}

#[test]
fn the_setup_brings_history_sort_and_columns() {
    let a = app().with_setup(Setup {
        color: true,
        theme: theme::COLOR,
        keys: vitascope::tui::keys::Keys::defaults(),
        sort: Sort::Title,
        columns: Columns {
            year: true,
            design: false,
            n: false,
        },
        history: vec!["bone".into(), "k2".into()],
        panic_key: None,
        warning: Some("c.toml:1:1: oops; using the defaults".into()),
    });
    assert_eq!(a.results.sort, Sort::Title);
    let titles: Vec<&str> = a.shown().iter().map(|s| s.title.as_str()).collect();
    let mut sorted = titles.clone();
    sorted.sort_by_key(|t| t.to_lowercase());
    assert_eq!(titles, sorted);
    assert_eq!(a.query_line.history.entries(), ["bone", "k2"]);
    let s = text(draw(&a, 120, 30).backend().buffer());
    assert!(s.contains("c.toml:1:1: oops"), "{s}");
    let list: Vec<&str> = s
        .lines()
        .filter_map(|l| l.split("││").next().filter(|_| l.contains("││")))
        .collect();
    let row = list.iter().find(|l| l.contains("2013")).expect("a year");
    assert!(!row.contains("n=244") && !row.contains("rct"), "{row}");
}

#[test]
fn the_browsers_runtime_runs_the_configs_opener_and_keeps_the_history_it_is_given() {
    let mut a = app();
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path().join("vitascope").join("history");
    let mut rt = Runtime::for_app(
        &a,
        Some(vec!["/nonexistent/from-config".into()]),
        Some(at.clone()),
    );
    key(&mut a, &mut rt, ch('o'));
    let (msg, _) = a.status.clone().unwrap();
    if std::env::var_os("VITASCOPE_OPENER").is_none() {
        assert!(msg.contains("/nonexistent/from-config"), "{msg}");
    }
    key(&mut a, &mut rt, ch('/'));
    keys(&mut a, &mut rt, "osteo");
    key(&mut a, &mut rt, press(KeyCode::Enter));
    assert_eq!(std::fs::read_to_string(&at).unwrap(), "osteo\n");
    assert!(a.status.is_none(), "saved without a word: {:?}", a.status);
}

#[test]
fn the_detail_pane_and_show_put_a_study_in_the_same_words() {
    let a = app();
    let study = a.current().unwrap();
    let mut shown = Vec::new();
    vitascope::present::write_study(study, &mut shown).unwrap();
    let shown = String::from_utf8(shown).unwrap();
    let screen = text(draw(&a, 220, 40).backend().buffer());
    for f in vitascope::present::fields(study) {
        if matches!(f.label, "design" | "population" | "duration" | "comparator") {
            let value = &f.lines[0];
            assert!(shown.contains(value.as_str()), "show: {value}\n{shown}");
            assert!(screen.contains(value.as_str()), "pane: {value}\n{screen}");
        }
    }
}
