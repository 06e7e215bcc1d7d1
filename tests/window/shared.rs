//! A shared project in the window: opened by its address from the File
//! menu and remembered by it, a colleague's coding appearing in the open
//! transcript within moments, the team's activity and who else is here in
//! the status bar, and a banner while the server cannot be reached.

use crate::support::server::TestDatabase;
use crate::support::window::{button_containing, harness_for, workbench_of};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use polyphony::edit::Command;
use polyphony::gui::PolyphonyApp;
use polyphony::model::{Coding, CodingId};
use polyphony::store::shared::{self, Role};
use polyphony::workbench::Workbench;
use std::path::Path;
use std::time::{Duration, Instant};

/// Runs the window until `done` holds, for at most `limit`; returns how long
/// it took, or `None`.
fn run_until(
    harness: &mut Harness<'_, PolyphonyApp>,
    limit: Duration,
    done: impl Fn(&Harness<'_, PolyphonyApp>) -> bool,
) -> Option<Duration> {
    let started = Instant::now();
    while started.elapsed() < limit {
        harness.run();
        if done(harness) {
            return Some(started.elapsed());
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    None
}

fn stripes(harness: &Harness<'_, PolyphonyApp>, path: &str) -> usize {
    let wanted = format!("Coding stripe: {path}");
    harness
        .query_all_by(|node| node.label().as_deref() == Some(wanted.as_str()))
        .count()
}

/// Says who is coding in the window, as a person does from the status bar.
fn name_the_coder(harness: &mut Harness<'_, PolyphonyApp>, name: &str) {
    if !harness.state().is_asking_coder() {
        button_containing(harness, "Coder: ")
            .expect("the coder button")
            .click();
        harness.run();
    }
    harness.get_by_label("Coder name").click();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run();
    harness.get_by_label("Coder name").type_text(name);
    harness.run();
    harness
        .get_by_role_and_label(egui::accesskit::Role::Button, "Start coding")
        .click();
    harness.run();
}

#[test]
fn a_shared_project_opens_by_address_and_follows_a_colleague_live() {
    let Some(database) = TestDatabase::new() else {
        return;
    };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = crate::support::demo(dir.path()).path().to_owned();
    Workbench::publish(&file, &database.url()).expect("the demo publishes");
    let (sam, sam_url) = database.login("sam");
    let (url, mut client, project) = shared::open_server(&database.url()).expect("the server");
    shared::set_member(&mut client, &url, &project, &sam, Some(Role::Lead)).expect("Sam joins");

    // File > Open shared project asks for the address and opens it.
    let mut harness = harness_for(PolyphonyApp::new(None).without_file_dialogs());
    harness.get_by_label("Open shared project…").click();
    harness.run();
    let field = "Address of the shared project";
    harness.get_by_label(field).click();
    harness.run();
    harness.get_by_label(field).type_text(&database.url());
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(harness.state().error(), None);
    assert!(harness.query_by_label("Shared · lead").is_some());
    let remembered = harness.state().ui_state().project.expect("remembered");
    assert!(
        remembered.display().to_string().starts_with("postgres://"),
        "{}",
        remembered.display()
    );
    assert!(
        !remembered.display().to_string().contains("password"),
        "no password is kept"
    );
    button_containing(&harness, "peer-01-zoe-adebayo")
        .expect("Zoë's interview is listed")
        .click();
    harness.run();

    // Sam, in a window of their own, is seen as here.
    let mut sams_window =
        harness_for(PolyphonyApp::opening(Path::new(&sam_url)).without_file_dialogs());
    assert_eq!(sams_window.state().error(), None);
    name_the_coder(&mut sams_window, "Sam");
    assert!(
        run_until(&mut harness, Duration::from_secs(10), |h| h
            .query_by_label("Also here: Sam")
            .is_some())
        .is_some(),
        "the status bar names who else is working"
    );

    // Sam codes the top of the transcript Ana has open: it appears there.
    let mut colleague =
        Workbench::open(Path::new(&sam_url), Some("Sam"), &mut |_, _| {}).expect("Sam's project");
    let document = workbench_of(&harness)
        .project()
        .documents
        .values()
        .find(|document| document.name.starts_with("peer-01-zoe-adebayo"))
        .expect("Zoë's interview")
        .id;
    let (create, code) = colleague
        .commands()
        .new_code("Said live", None)
        .expect("a code");
    colleague.apply(create).expect("Sam creates a code");
    let coding = Coding {
        id: CodingId::new(),
        document,
        code,
        coder: colleague.coder().id,
        start: 0,
        end: 40,
        created_at: polyphony::workbench::now_ms(),
        memo: String::new(),
    };
    let applied = Instant::now();
    colleague
        .apply(Command::AddCoding { coding })
        .expect("Sam codes");
    let seen = run_until(&mut harness, Duration::from_secs(5), |h| {
        stripes(h, "Said live") > 0
    });
    let seen = seen.expect("Sam's coding appears in Ana's transcript");
    println!(
        "a colleague's coding appeared in the open transcript {:.0} ms after it was acknowledged",
        applied.elapsed().min(seen).as_secs_f64() * 1000.0
    );

    // The activity list says who did what.
    harness.get_by_label("Activity").click();
    harness.run();
    assert!(harness.query_by_label("Team activity").is_some());
    assert!(harness.query_by_label("apply code Said live").is_some());
    assert!(harness.query_all_by_label("Sam").count() >= 2);

    // The server goes away: a banner says so at once, the transcript stays;
    // when it is back, the banner goes by itself.
    database.allow_connections(false);
    assert!(
        run_until(&mut harness, Duration::from_secs(5), |h| h
            .state()
            .server_lost()
            .is_some())
        .is_some(),
        "the window sees the server go"
    );
    assert!(harness.query_by_label_contains("Server lost:").is_some());
    assert!(stripes(&harness, "Said live") > 0, "what it shows stays");
    database.allow_connections(true);
    assert!(
        run_until(&mut harness, Duration::from_secs(10), |h| h
            .state()
            .server_lost()
            .is_none())
        .is_some(),
        "the window reconnects by itself"
    );
    drop(sams_window);
}
