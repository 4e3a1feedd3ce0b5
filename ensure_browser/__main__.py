from ensure_browser.app import main

raise SystemExit(main())
