-- Cluster smoke test: a sum over :rows numbers in 8 partitions, so tasks land on both workers' executors.
SELECT count(*) AS row_count, sum(id) AS id_sum
FROM range(0, :rows, 1, 8)
