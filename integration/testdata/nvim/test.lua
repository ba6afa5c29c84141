-- Headless Neovim test of editors/nvim (run by integration/nvim_test.go):
--   nvim --headless -u NONE --cmd 'set rtp^=<repo>/editors/nvim' -c 'luafile test.lua'
-- Environment: MAPGUARD_BIN (the mapguard binary), FIXTURE (a Go file with
-- a nil-map write, in a module), RESULT (where to write the diagnostics).
local mapguard = require('mapguard')
local failures = {}

local function check(cond, msg)
  if not cond then
    table.insert(failures, msg)
  end
end

-- 1. The nvim-lint parser on canned output: relative and absolute paths,
-- related information, other files filtered out, load errors, bad input.
local dir = vim.fn.tempname()
vim.fn.mkdir(dir, 'p')
vim.cmd('edit ' .. dir .. '/a.go')
local buf = vim.api.nvim_get_current_buf()
local canned = vim.fn.json_encode({
  diagnostics = {
    {
      check = 'mapconcurrent', file = 'a.go', line = 5, column = 2, end_line = 5, end_column = 12,
      message = 'unsynchronized write', url = 'https://example.com/c',
      related = {
        { file = 'a.go', line = 3, column = 1, message = 'concurrent read here' },
        { file = 'b.go', line = 9, column = 4, message = 'goroutine started here' },
      },
      fixes = {},
    },
    { check = 'nilmap', file = dir .. '/a.go', line = 7, column = 3, end_line = 7, end_column = 9,
      message = 'assignment to nil map', url = '', related = {}, fixes = {} },
    { check = 'nilmap', file = 'b.go', line = 1, column = 1, end_line = 1, end_column = 2,
      message = 'elsewhere', url = '', related = {}, fixes = {} },
  },
  errors = {
    { package = 'p', message = 'a.go:2:9: undefined: x\nb.go:1:1: other file' },
  },
})
local d = mapguard.parse(canned, buf, dir)
check(#d == 3, 'parser: want 3 diagnostics for a.go, got ' .. #d)
if #d == 3 then
  check(d[1].lnum == 4 and d[1].col == 1 and d[1].end_lnum == 4 and d[1].end_col == 11,
    'parser: 0-based range of the first diagnostic')
  check(d[1].code == 'mapconcurrent' and d[1].source == 'mapguard', 'parser: code and source')
  check(d[1].message == 'unsynchronized write\n  line 3: concurrent read here\n  b.go:9:4: goroutine started here',
    'parser: related information in the message: ' .. d[1].message)
  check(d[1].user_data.url == 'https://example.com/c', 'parser: url in user_data')
  check(d[1].severity == vim.diagnostic.severity.WARN, 'parser: findings are warnings')
  check(d[2].lnum == 6 and d[2].code == 'nilmap', 'parser: absolute file name')
  check(d[3].lnum == 1 and d[3].col == 8 and d[3].severity == vim.diagnostic.severity.ERROR
    and d[3].message == 'undefined: x', 'parser: load error of this file')
end
check(#mapguard.parse('', buf, dir) == 0, 'parser: empty output')
check(#mapguard.parse('{"diagnostics":[],"errors":[]}', buf, dir) == 0, 'parser: clean output')
local bad = mapguard.parse('mapguard: boom', buf, dir)
check(#bad == 1 and bad[1].severity == vim.diagnostic.severity.ERROR, 'parser: unparsable output is reported')
local lint = mapguard.nvim_lint()
check(lint.cmd == 'mapguard' and lint.ignore_exitcode == true and lint.stream == 'stdout'
  and lint.args[1] == '-format=json' and lint.args[#lint.args] == '.', 'nvim_lint: linter definition')
vim.cmd('bwipeout!')

-- 2. The nvim-lint path with the real binary: run the linter definition as
-- nvim-lint does (function arguments evaluated in the buffer), from another
-- working directory, and hand stdout to its parser.
local bin = os.getenv('MAPGUARD_BIN')
vim.cmd('edit ' .. os.getenv('FIXTURE'))
buf = vim.api.nvim_get_current_buf()
vim.cmd('cd /')
lint = mapguard.nvim_lint({ cmd = bin })
local argv = { lint.cmd }
for _, a in ipairs(lint.args) do
  table.insert(argv, type(a) == 'function' and a() or a)
end
local lintout = vim.fn.system(argv)
check(vim.v.shell_error == 1, 'nvim-lint path: mapguard exit ' .. vim.v.shell_error .. ', want 1: ' .. lintout)
local nd = lint.parser(lintout, buf, vim.fn.getcwd())
local nilmaps = 0
for _, x in ipairs(nd) do
  if x.code == 'nilmap' then
    nilmaps = nilmaps + 1
    check(x.lnum == 6 and x.col == 2, 'nvim-lint path: nilmap at ' .. x.lnum .. ':' .. x.col .. ', want 6:2')
  end
end
check(nilmaps == 1, 'nvim-lint path: ' .. nilmaps .. ' nilmap diagnostics for bug.go, want 1 (other.go has its own)')
vim.cmd('bwipeout!')

-- 3. The standalone integration with the real binary: open the fixture,
-- write it, wait for mapguard's diagnostics.
mapguard.setup({ cmd = os.getenv('MAPGUARD_BIN') })
vim.cmd('edit ' .. os.getenv('FIXTURE'))
buf = vim.api.nvim_get_current_buf()
vim.cmd('write')
local got
vim.wait(300000, function()
  got = vim.diagnostic.get(buf, { namespace = mapguard.namespace })
  return #got > 0
end, 100)
local out = {}
for _, x in ipairs(got or {}) do
  table.insert(out, { lnum = x.lnum, col = x.col, end_lnum = x.end_lnum, end_col = x.end_col,
    code = x.code, source = x.source, message = x.message, severity = x.severity })
end
local f = assert(io.open(os.getenv('RESULT'), 'w'))
f:write(vim.fn.json_encode({ failures = failures, diagnostics = out }))
f:close()
vim.cmd(#failures == 0 and 'qall!' or 'cquit! 1')
