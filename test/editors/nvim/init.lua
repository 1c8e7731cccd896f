-- Neovim 0.7+ as a real LSP client of the Parley language server, for test/editors/neovim.test.ts.
-- Environment: PARLEY_SERVER (dist/server.js), PARLEY_ROOT (workspace folder), PARLEY_OUT (result
-- file), PARLEY_HOVER ("line:character", 0-based UTF-16, optional).
-- Started as: nvim --headless -n -i NONE --noplugin -u init.lua FILE
-- Writes {"diagnostics": [...], "hover": "..."} as JSON to PARLEY_OUT, then quits (exit 1 on failure).

local server = os.getenv('PARLEY_SERVER')
local root = os.getenv('PARLEY_ROOT')
local out = os.getenv('PARLEY_OUT')
local hover_at = os.getenv('PARLEY_HOVER')

local function finish(payload, failed)
  local f = assert(io.open(out, 'w'))
  f:write(vim.fn.json_encode(payload))
  f:close()
  if failed then vim.cmd('cquit! 1') else vim.cmd('qall!') end
end

local function run()
  local buf = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = 'parley',
    cmd = { 'node', server, '--stdio' },
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = 'parley' } },
    settings = { parley = { enable = true, run = 'onType' } },
  })
  if not client_id then return finish({ error = 'start_client failed' }, true) end
  vim.lsp.buf_attach_client(buf, client_id)

  local got = vim.wait(30000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
  if not got then return finish({ error = 'no diagnostics within 30 s' }, true) end

  local diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(diagnostics, {
      code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code),
      lnum = d.lnum, -- 0-based line
      col = d.col, -- 0-based byte column
      severity = d.severity,
      source = d.source,
    })
  end

  local hover = vim.NIL
  if hover_at and hover_at ~= '' then
    local line, character = hover_at:match('^(%d+):(%d+)$')
    local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = tonumber(line), character = tonumber(character) } }
    local results = vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, 10000)
    for _, r in pairs(results or {}) do
      if r.result and r.result.contents then hover = r.result.contents.value or r.result.contents end
    end
  end

  vim.lsp.stop_client(client_id)
  vim.wait(2000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
  finish({ diagnostics = diagnostics, hover = hover }, false)
end

vim.api.nvim_create_autocmd('VimEnter', {
  callback = function()
    local ok, err = pcall(run)
    if not ok then finish({ error = tostring(err) }, true) end
  end,
})
