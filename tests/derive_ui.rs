//! The derive macros as users meet them: compile-fail cases in topic folders under `tests/ui/`, each
//! with its committed `.stderr` (the toolchain is pinned, so the text is stable), and pass cases.
//! `TRYBUILD=overwrite` refreshes the `.stderr` files locally; CI never sets it.

#[test]
fn derive_macros_report_every_misuse_and_accept_good_structs() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/pass/*.rs");
    for topic in [
        "unknown-category",
        "unknown-field",
        "wrong-type",
        "narrow-type",
        "missing-required",
        "optional-not-option",
        "unknown-capability",
        "capability-mismatch",
        "unknown-platform",
        "duplicate-attribute",
        "attribute-syntax",
        "unknown-attribute",
        "extension-on-schema-field",
        "shape",
    ] {
        t.compile_fail(format!("tests/ui/{topic}/*.rs"));
    }
}
