-- mapguard for Neovim (0.7+): diagnostics from `mapguard -format=json`.
--
-- Two ways to use it (see docs/editors.md):
--
--   * with nvim-lint (https://github.com/mfussenegger/nvim-lint):
--       require('lint').linters.mapguard = require('mapguard').nvim_lint()
--       require('lint').linters_by_ft.go = { 'mapguard' }
--     `parse` is the parser: function(output, bufnr, linter_cwd).
--
--   * standalone, without plugins: runs mapguard on the package of a Go
--     buffer after each write and sets vim.diagnostic:
--       require('mapguard').setup()
--
-- The JSON schema (cmd/mapguard, -format=json):
--   {"diagnostics":[{"check","file","line","column","end_line","end_column",
--     "message","url","related":[{"file","line","column","message"}],"fixes":[...]}],
--    "errors":[{"package","message"}]}
-- Lines and columns are 1-based; files are relative to mapguard's working
-- directory (or absolute).
local M = {}

M.namespace = vim.api.nvim_create_namespace('mapguard')

local defaults = {
  cmd = 'mapguard', -- the mapguard binary
  args = {}, -- extra flags, e.g. { '-test=false', '-nilmap.some-option=true' }
  severity = vim.diagnostic.severity.WARN, -- of findings; load errors are ERROR
  events = { 'BufWritePost' }, -- when the standalone integration runs
  pattern = '*.go',
}

M.config = vim.deepcopy(defaults)

local function json_decode(s)
  if vim.json and vim.json.decode then
    return vim.json.decode(s)
  end
  return vim.fn.json_decode(s)
end

local function is_abs(p)
  return p:sub(1, 1) == '/' or p:match('^%a:[/\\]') ~= nil
end

-- canonical returns an absolute, symlink-free path for comparisons.
local function canonical(p, cwd)
  if p == nil or p == '' then
    return nil
  end
  if not is_abs(p) then
    p = (cwd or vim.fn.getcwd()) .. '/' .. p
  end
  return vim.loop.fs_realpath(p) or vim.fn.fnamemodify(p, ':p')
end

local function nonempty(t)
  return type(t) == 'table' and t ~= vim.NIL and #t > 0
end

-- parse turns mapguard's JSON output into vim.diagnostic entries for the
-- buffer bufnr (findings in other files are left out). It is the parser
-- nvim-lint expects: function(output, bufnr, linter_cwd).
function M.parse(output, bufnr, linter_cwd)
  if output == nil or output:match('^%s*$') then
    return {}
  end
  local ok, report = pcall(json_decode, output)
  if not ok or type(report) ~= 'table' then
    return {
      {
        lnum = 0,
        col = 0,
        severity = vim.diagnostic.severity.ERROR,
        source = 'mapguard',
        message = 'mapguard: cannot parse output: ' .. output:sub(1, 200),
      },
    }
  end
  local bufname = canonical(vim.api.nvim_buf_get_name(bufnr ~= 0 and bufnr or vim.api.nvim_get_current_buf()))
  local diags = {}
  for _, d in ipairs(nonempty(report.diagnostics) and report.diagnostics or {}) do
    if canonical(d.file, linter_cwd) == bufname then
      local message = d.message
      local related = nonempty(d.related) and d.related or {}
      for _, r in ipairs(related) do
        local where
        if canonical(r.file, linter_cwd) == bufname then
          where = string.format('line %d', r.line)
        else
          where = string.format('%s:%d:%d', r.file, r.line, r.column)
        end
        message = message .. string.format('\n  %s: %s', where, r.message)
      end
      local line = math.max((d.line or 1) - 1, 0)
      local col = math.max((d.column or 1) - 1, 0)
      local end_line = d.end_line and d.end_line > 0 and d.end_line - 1 or line
      local end_col = d.end_column and d.end_column > 0 and d.end_column - 1 or col
      table.insert(diags, {
        lnum = line,
        col = col,
        end_lnum = end_line,
        end_col = end_col,
        severity = M.config.severity,
        source = 'mapguard',
        code = d.check,
        message = message,
        user_data = { url = d.url, related = related, fixes = d.fixes },
      })
    end
  end
  -- Load and type errors name positions in their message ("file:line:col: msg").
  for _, e in ipairs(nonempty(report.errors) and report.errors or {}) do
    local msg = type(e.message) == 'string' and e.message or ''
    for l in msg:gmatch('[^\n]+') do
      local file, line, col, text = l:match('^(.-):(%d+):(%d+):%s*(.*)$')
      if file and canonical(file, linter_cwd) == bufname then
        table.insert(diags, {
          lnum = tonumber(line) - 1,
          col = tonumber(col) - 1,
          severity = vim.diagnostic.severity.ERROR,
          source = 'mapguard',
          message = text,
        })
      end
    end
  end
  return diags
end

local function buf_dir(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  return vim.fn.fnamemodify(vim.api.nvim_buf_get_name(bufnr), ':p:h')
end

-- nvim_lint returns a linter definition for nvim-lint: mapguard runs on the
-- package (directory) of the buffer, from that directory (-C), whatever
-- Neovim's working directory, and its file names are resolved against it.
function M.nvim_lint(opts)
  local cfg = vim.tbl_extend('force', M.config, opts or {})
  local args = { '-format=json' }
  vim.list_extend(args, cfg.args)
  table.insert(args, '-C')
  table.insert(args, function()
    return vim.fn.expand('%:p:h')
  end)
  table.insert(args, '.')
  return {
    cmd = cfg.cmd,
    stdin = false,
    append_fname = false,
    args = args,
    stream = 'stdout',
    ignore_exitcode = true, -- 1 means findings, 3 load errors: both are parsed
    parser = function(output, bufnr)
      return M.parse(output, bufnr, buf_dir(bufnr))
    end,
  }
end

-- run analyses the package of buffer bufnr and sets its diagnostics. It
-- returns the job id; on_done (optional) is called with the diagnostics.
function M.run(bufnr, on_done)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == '' then
    return nil
  end
  local dir = buf_dir(bufnr)
  local cmd = { M.config.cmd, '-format=json' }
  vim.list_extend(cmd, M.config.args)
  table.insert(cmd, '.')
  local out, err = {}, {}
  local job = vim.fn.jobstart(cmd, {
    cwd = dir,
    stdout_buffered = true,
    stderr_buffered = true,
    on_stdout = function(_, data)
      out = data or {}
    end,
    on_stderr = function(_, data)
      err = data or {}
    end,
    on_exit = function(_, code)
      vim.schedule(function()
        if not vim.api.nvim_buf_is_valid(bufnr) then
          return
        end
        local diags = {}
        if code == 0 or code == 1 or code == 3 then
          diags = M.parse(table.concat(out, '\n'), bufnr, dir)
        else
          vim.notify(
            string.format('mapguard exited %d: %s', code, table.concat(err, '\n')),
            vim.log.levels.ERROR
          )
        end
        vim.diagnostic.set(M.namespace, bufnr, diags)
        if on_done then
          on_done(diags)
        end
      end)
    end,
  })
  if job <= 0 then
    vim.notify('mapguard: cannot run ' .. M.config.cmd, vim.log.levels.ERROR)
    return nil
  end
  return job
end

-- setup enables the standalone integration: mapguard runs on a Go buffer's
-- package after each write (opts.events) and its findings become
-- vim.diagnostic entries in the "mapguard" namespace.
function M.setup(opts)
  M.config = vim.tbl_extend('force', vim.deepcopy(defaults), opts or {})
  local group = vim.api.nvim_create_augroup('mapguard', { clear = true })
  vim.api.nvim_create_autocmd(M.config.events, {
    group = group,
    pattern = M.config.pattern,
    callback = function(ev)
      M.run(ev.buf)
    end,
  })
end

return M
