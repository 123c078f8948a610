//! The `compmap` binary: a thin entry over [`cli`], which holds one module per command.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
