-- wrk script for bench/crm/run.sh: wrk -s crm.lua <base url> -- <scenario> <token> <customer ids file> <run id>
-- Scenarios: list (no filter), status, tag, q (search), all (all three filters), orders (all orders,
-- newest first), order (order creation for a random customer of the file, unique order numbers per run
-- and thread). Every request carries the bearer token. Prints one line: requests, non-2xx/socket errors, req/s, p50/p90/p99/max in ms.
local statuses = {"lead", "active", "inactive", "prospect"}
local tags = {"vip", "bells", "clock", "repair", "church", "monastery", "install", "warranty"}
local words = {"papa", "nikos", "church", "georg", "monast"}
local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

local function pick(list) return list[math.random(#list)] end

function init(args)
  scenario, token, runid = args[1], args[2], args[4] or "r"
  customers = {}
  if args[3] then
    for line in io.lines(args[3]) do if #line > 0 then customers[#customers + 1] = line end end
  end
  math.randomseed(os.time() + (tid or 0) * 7919)
  wrk.headers["Authorization"] = "Bearer " .. token
  wrk.headers["Content-Type"] = "application/json"
  errors = 0
end

function request()
  if scenario == "list" then
    return wrk.format("GET", "/api/crm/customers?size=50")
  elseif scenario == "status" then
    return wrk.format("GET", "/api/crm/customers?size=50&relationship_status=" .. pick(statuses))
  elseif scenario == "tag" then
    return wrk.format("GET", "/api/crm/customers?size=50&tag=" .. pick(tags))
  elseif scenario == "q" then
    return wrk.format("GET", "/api/crm/customers?size=50&q=" .. pick(words))
  elseif scenario == "all" then
    return wrk.format("GET", "/api/crm/customers?size=50&relationship_status=active&tag=" .. pick(tags) .. "&q=papa")
  elseif scenario == "orders" then
    return wrk.format("GET", "/api/crm/orders?size=50")
  elseif scenario == "order" then
    counter = counter + 1
    local body = '{"order_number":"B-' .. runid .. '-' .. tid .. '-' .. counter .. '",'
      .. '"items":[{"description":"Bell","quantity":2,"unit_price":199.99},'
      .. '{"description":"Clapper","quantity":1,"unit_price":45.5}],'
      .. '"discount":{"type":"percent","value":10}}'
    return wrk.format("POST", "/api/crm/customers/" .. pick(customers) .. "/orders", nil, body)
  end
  error("unknown scenario " .. tostring(scenario))
end

function response(status, headers, body)
  if status >= 300 then
    errors = errors + 1
    if errors <= 3 then io.stderr:write(scenario .. ": HTTP " .. status .. " " .. body:sub(1, 300) .. "\n") end
  end
end

function done(summary, latency, requests)
  local scenario = threads[1]:get("scenario")
  local bad = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("%-8s n=%7d errors=%5d %7.0f req/s  p50=%7.2f ms  p90=%7.2f ms  p99=%7.2f ms  max=%7.2f ms\n",
    scenario, summary.requests, bad, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
