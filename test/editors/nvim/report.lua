-- Appended to the Neovim set-up of docs/EDITORS.md by test/editors/neovim.test.ts: waits for the
-- diagnostics of the file Neovim opened, writes them as JSON to PARLEY_OUT and quits.
vim.api.nvim_create_autocmd('VimEnter', {
  callback = function()
    local out = os.getenv('PARLEY_OUT')
    local buf = vim.api.nvim_get_current_buf()
    local got = vim.wait(30000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
    local result = { filetype = vim.bo[buf].filetype, clients = #vim.lsp.buf_get_clients(buf), diagnostics = {} }
    if not got then result.error = 'no diagnostics within 30 s' end
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      table.insert(result.diagnostics, { code = d.code, lnum = d.lnum, col = d.col })
    end
    local f = assert(io.open(out, 'w'))
    f:write(vim.fn.json_encode(result))
    f:close()
    vim.cmd(got and 'qall!' or 'cquit! 1')
  end,
})
