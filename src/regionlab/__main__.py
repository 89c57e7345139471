from regionlab.cli import main

main()
