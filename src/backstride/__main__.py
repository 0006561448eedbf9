from backstride.cli.main import run

run()
