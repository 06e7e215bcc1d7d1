//! The coding window's frame-time budget (DESIGN.md section 5, issue 3): a
//! 100,000-word transcript with 5,000 codings must draw each frame in under
//! 8 ms (median) while it is scrolled and while the window is resized.
//!
//! The real window runs headless through egui_kittest: each measured frame is
//! one full `update` of the app (every panel, the transcript's lazy layout,
//! AccessKit's tree, which a real screen-reader session also builds) plus
//! tessellation of what it drew, which a real frame hands to the GPU.
//! Run with `cargo bench --bench transcript`.

#[path = "corpus/mod.rs"]
mod corpus;

use criterion::{Criterion, criterion_group, criterion_main};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use polyphony::edit::Command;
use polyphony::gui::PolyphonyApp;
use polyphony::model::{Code, CodeId, Coding, CodingId};
use polyphony::workbench::Workbench;
use std::path::Path;

const WORDS: usize = 100_000;
const CODINGS: usize = 5_000;
const CODES: usize = 40;

/// One transcript of 100,000 words with 5,000 codings of 40 codes, each
/// a few words to a few sentences long, scattered over the whole text.
fn densely_coded_project(dir: &Path) -> Workbench {
    let folder = corpus::corpus_folder(1, WORDS);
    let mut workbench = Workbench::create(&dir.join("dense.polyphony"), "Bench").expect("create");
    workbench
        .import_paths(&[folder], &mut |_| {})
        .expect("import");
    let document = workbench
        .project()
        .documents
        .values()
        .next()
        .expect("one document")
        .clone();
    let coder = workbench.coder().id;
    let mut commands = Vec::new();
    let codes: Vec<CodeId> = (0..CODES)
        .map(|n| {
            let code = Code {
                id: CodeId::new(),
                name: format!("Code {n}"),
                parent: None,
                color: polyphony::workbench::CODE_PALETTE
                    [n % polyphony::workbench::CODE_PALETTE.len()]
                .to_owned(),
                description: String::new(),
            };
            let id = code.id;
            commands.push(Command::CreateCode { code });
            id
        })
        .collect();
    let mut random = corpus::Random(0xC0DE_D00D);
    for _ in 0..CODINGS {
        let length = 30 + random.next(600);
        let start = random.next(document.char_count - length);
        commands.push(Command::AddCoding {
            coding: Coding {
                id: CodingId::new(),
                document: document.id,
                code: codes[random.next(CODES)],
                coder,
                start,
                end: start + length,
                created_at: 0,
                memo: String::new(),
            },
        });
    }
    workbench
        .apply(Command::Batch {
            label: "code densely".to_owned(),
            commands,
        })
        .expect("code");
    workbench
}

/// The window on the dense project with its transcript open.
fn window(dir: &Path) -> Harness<'static, PolyphonyApp> {
    let app = PolyphonyApp::new(Some(densely_coded_project(dir)));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_max_steps(16)
        .allow_missing_glyphs()
        .build_eframe(|_| app);
    harness.run();
    harness
        .query_all_by(|node| {
            node.role() == egui::accesskit::Role::Button
                && node
                    .label()
                    .is_some_and(|label| label.starts_with("interview-0000"))
        })
        .next()
        .expect("the document in the list")
        .click();
    harness.run();
    // What is measured must be the dense transcript, drawn with its stripes.
    let stripes = harness
        .query_all_by(|node| {
            node.label()
                .is_some_and(|label| label.starts_with("Coding stripe: Code"))
        })
        .count();
    assert!(stripes > 20, "only {stripes} coding stripes are drawn");
    harness
}

/// One frame as the window draws it: update, then tessellate its shapes.
fn frame(harness: &mut Harness<'static, PolyphonyApp>) {
    harness.step();
    let shapes = harness.output().shapes.clone();
    let pixels_per_point = harness.ctx.pixels_per_point();
    std::hint::black_box(harness.ctx.tessellate(shapes, pixels_per_point));
}

fn transcript_frames(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = window(dir.path());
    let mut group = c.benchmark_group("transcript, 100,000 words, 5,000 codings");
    let transcript = egui::pos2(800.0, 450.0);
    group.bench_function("frame while scrolling", |b| {
        let mut n = 0u32;
        b.iter(|| {
            n += 1;
            // Three screens down, then back up: fresh blocks come into view.
            let down = if n % 60 < 30 { -1.0 } else { 1.0 };
            harness.hover_at(transcript);
            harness.event(egui::Event::MouseWheel {
                unit: egui::MouseWheelUnit::Point,
                delta: egui::vec2(0.0, down * 90.0),
                phase: egui::TouchPhase::Move,
                modifiers: egui::Modifiers::NONE,
                source: egui::MouseWheelSource::Wheel,
            });
            frame(&mut harness);
        });
    });
    group.bench_function("frame while resizing the window", |b| {
        let mut n = 0u32;
        b.iter(|| {
            n += 1;
            // A window edge dragged to and fro, a few points each frame.
            let swing = (n % 100) as f32;
            let width = 1100.0 + 4.0 * if swing < 50.0 { swing } else { 100.0 - swing };
            harness.set_size(egui::vec2(width, 900.0));
            frame(&mut harness);
        });
    });
    group.bench_function("frame after jumping to the end", |b| {
        let mut n = 0u32;
        b.iter(|| {
            n += 1;
            // A far jump, to the end and back to the start, into blocks
            // not laid out at this width.
            let far = if n.is_multiple_of(2) { -1.0e7 } else { 1.0e7 };
            harness.hover_at(transcript);
            harness.event(egui::Event::MouseWheel {
                unit: egui::MouseWheelUnit::Point,
                delta: egui::vec2(0.0, far),
                phase: egui::TouchPhase::Move,
                modifiers: egui::Modifiers::NONE,
                source: egui::MouseWheelSource::Wheel,
            });
            frame(&mut harness);
        });
    });
    group.finish();
}

criterion_group!(benches, transcript_frames);
criterion_main!(benches);
