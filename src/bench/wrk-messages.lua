-- node-signed messages, each with its own content; when WRK_IDS names a file, the ids the node accepted (202) are
-- written to it when the run ends, one per line with the time the node signed the message (ms since the epoch:
-- when it was accepted), so that the load benchmark can follow them onto every chain and time their confirmation.
-- WRK_DELAY_MS makes each connection wait that long after each answer: a paced load below saturation.
local counter = 0
ids = {}
local accepted = 0
local pause = tonumber(os.getenv("WRK_DELAY_MS") or "0")

if pause > 0 then
  -- only then: with a delay function, wrk sends every request through a timer
  delay = function()
    return pause
  end
end

request = function()
  counter = counter + 1
  local body = '{"recipient":"load","content":"w' .. counter .. '-' .. math.random(1, 1000000000) .. '"}'
  return wrk.format("POST", "/api/messages", {["Content-Type"] = "application/json"}, body)
end

response = function(status, headers, body)
  if status == 202 then
    local id = body:match('"id"%s*:%s*"(%x+)"')
    local created = body:match('"createdAt"%s*:%s*(%d+)')
    if id then
      accepted = accepted + 1
      ids[accepted] = id .. " " .. (created or "")
    end
  end
end

local threads = {}
setup = function(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

init = function(args)
  math.randomseed(os.time() + id * 7919)
end

done = function(summary, latency, requests)
  local path = os.getenv("WRK_IDS")
  if not path then
    return
  end
  local out = assert(io.open(path, "w"))
  for _, thread in ipairs(threads) do
    for _, accepted_id in ipairs(thread:get("ids")) do
      out:write(accepted_id, "\n")
    end
  end
  out:close()
end
