echo "widget build: placeholder (local only)"
