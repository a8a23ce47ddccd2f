from arrpy.bench import main; import sys; sys.exit(main())
