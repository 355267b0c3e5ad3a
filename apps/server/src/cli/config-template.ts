/** The commented `.ccproxy.toml` that `ccproxy config init` writes: every common key, with defaults. */
export function configTemplate(): string {
  return `# ccproxy configuration (TOML). Every key is optional; the values shown are the defaults.
# Precedence: command-line flags > environment (e.g. SERVER__PORT=9000, PLUGINS__CLAUDE_API__BASE_URL=...)
#             > this file > built-in defaults.

[server]
# Address to bind. Keep 127.0.0.1 unless you set security.auth_token: a non-loopback address
# without a token is refused (set allow_public_bind = true to force it).
host = "127.0.0.1"
port = 8000
# Largest accepted request body, in bytes (413 above it).
# max_body_bytes = 33554432
# Seconds to let in-flight requests and streams finish on SIGINT/SIGTERM.
# shutdown_grace_seconds = 10

[logging]
# TRACE, DEBUG, INFO, WARNING, ERROR or CRITICAL
level = "INFO"
# auto (pretty on a terminal, JSON otherwise), rich, plain or json
format = "auto"
# Also write JSON log lines to this file.
# file = "/var/log/ccproxy.jsonl"

[security]
# When set, every proxied request must send it as "x-api-key: <token>" or
# "Authorization: Bearer <token>" (/health stays open). Generate one with: openssl rand -hex 32
# auth_token = "change-me"

[http.timeouts]
connect_seconds = 10
# Total time for a non-streaming upstream call.
request_seconds = 120
# Longest silence allowed between two chunks of an upstream stream.
stream_idle_seconds = 300

# Plugins: deny always wins; plugins.<name>.enabled = true always enables.
# enabled_plugins = ["claude_api", "oauth_claude", "codex", "oauth_codex"]
# disabled_plugins = ["analytics"]
# Extra plugin packages to load by name (installed next to ccproxy):
# plugin_packages = ["@acme/ccproxy-plugin-example"]

# [plugins.claude_api]
# base_url = "https://api.anthropic.com"

# [plugins.codex]
# base_url = "https://chatgpt.com/backend-api/codex"

# [plugins.access_log]
# client_log_file = "/tmp/ccproxy/access.log"
# client_format = "combined"   # common, combined or structured

# [plugins.analytics]
# database_path = "~/.local/share/ccproxy/analytics.duckdb"
`;
}
