from ensure_browser.cli.main import main

raise SystemExit(main())
