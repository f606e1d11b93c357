//! The `ocss` command: parses arguments and hands over to the library.

fn main() -> std::process::ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let mut stdout = std::io::stdout().lock();
    let mut stderr = std::io::stderr().lock();
    let code = ocss_codegen::cli::run(args, &mut stdout, &mut stderr);
    std::process::ExitCode::from(code)
}
