-- node-signed messages, each with its own content
counter = 0
request = function()
  counter = counter + 1
  local body = '{"recipient":"load","content":"c' .. counter .. '-' .. math.random(1, 1000000000) .. '"}'
  return wrk.format("POST", "/api/messages", {["Content-Type"] = "application/json"}, body)
end
