# Runs a Ruby framework briefly against a private redis-server so that it writes the keys it
# really writes (Debian's ruby-sidekiq and ruby-activesupport); record-namespace-fixtures.sh
# records them. Usage: ruby produce.rb FRAMEWORK PORT DB
# Inside `sidekiq -r produce.rb` (REDIS_URL names the db) this file only defines the worker.
if defined?(Sidekiq::CLI)
  Sidekiq.configure_server { |config| config.redis = { url: ENV.fetch("REDIS_URL") } }
  class HardWorker
    include Sidekiq::Worker
    def perform(*args); end
  end
  return
end

framework, port, db = ARGV[0], ARGV[1].to_i, ARGV[2].to_i
url = "redis://127.0.0.1:#{port}/#{db}"

case framework
when "sidekiq"
  require "sidekiq"
  require "sidekiq/api"
  Sidekiq.configure_client { |config| config.redis = { url: url } }
  # Jobs waiting in two queues, one scheduled, one waiting for a retry, one dead.
  Sidekiq::Client.push("class" => "HardWorker", "args" => [1, "bob"])
  Sidekiq::Client.push("class" => "HardWorker", "args" => [2, "ann"], "queue" => "mailers")
  Sidekiq::Client.push("class" => "HardWorker", "args" => [3], "at" => Time.now.to_f + 3600)
  failed = { "class" => "HardWorker", "args" => [4], "queue" => "default", "jid" => "0123456789abcdef01234567",
             "retry" => true, "retry_count" => 1, "error_message" => "boom", "error_class" => "RuntimeError",
             "failed_at" => Time.now.to_f, "created_at" => Time.now.to_f, "enqueued_at" => Time.now.to_f }
  Sidekiq.redis do |redis|
    redis.zadd("retry", Time.now.to_f + 60, Sidekiq.dump_json(failed))
    redis.zadd("dead", Time.now.to_f, Sidekiq.dump_json(failed.merge("jid" => "fedcba9876543210fedcba98")))
  end
when "sidekiq-queued"
  # Jobs that arrive after the worker stopped stay in their queues.
  require "sidekiq"
  Sidekiq.configure_client { |config| config.redis = { url: url } }
  Sidekiq::Client.push("class" => "HardWorker", "args" => [5, "eve"])
  Sidekiq::Client.push("class" => "HardWorker", "args" => [6], "queue" => "mailers")
when "rails"
  require "active_support"
  require "active_support/cache"
  require "active_support/cache/redis_cache_store"
  cache = ActiveSupport::Cache::RedisCacheStore.new(url: url, namespace: "myapp")
  cache.write("user/42", { "name" => "Ann", "roles" => ["admin"] }, expires_in: 3600)
  cache.write("views/posts/1", "<article>…</article>", expires_in: 600)
  cache.write("settings", [1, 2, 3])
end
