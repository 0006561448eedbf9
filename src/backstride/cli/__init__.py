"""Command-line adapter: parse input, render output, map errors to exit codes."""
