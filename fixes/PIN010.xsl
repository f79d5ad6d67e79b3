<?xml version="1.0" encoding="UTF-8"?>
<!-- PIN010 iothreadpin-missing: <iothreadpin> on the host reserve for every I/O thread (the rule
     passes only the iothreadpin part of the plan).
     The plan encoding is checker/pinplan.h's; every part is optional.
     Contract: docs/fixes.md (identity transform + templates for the change). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:str="http://exslt.org/strings" xmlns:math="http://exslt.org/math"
                exclude-result-prefixes="str math">
  <xsl:param name="target"/>
  <!-- The pin plan (checker/pinplan.h); each part is optional. -->
  <xsl:param name="vcpupin" select="''"/>     <!-- "0:2,1:10,...": vCPU:hostCPU -->
  <xsl:param name="emulatorpin" select="''"/> <!-- cpuset of the host reserve -->
  <xsl:param name="iothreadpin" select="''"/> <!-- same, for every defined iothread -->
  <xsl:param name="nodeset" select="''"/>     <!-- NUMA node for <numatune><memory> -->

  <!-- Identity: everything not matched below is copied unchanged. -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- ===== <domain>: create <cputune> and <numatune> when missing, where
       libvirt writes them (after vcpu/iothreads/iothreadids, before
       numatune/resource/sysinfo/os). ===== -->
  <xsl:template match="domain">
    <xsl:variable name="ids">
      <xsl:call-template name="iothread-ids"/>
    </xsl:variable>
    <xsl:variable name="add-cputune" select="not(cputune) and ($vcpupin != '' or $emulatorpin != '' or ($iothreadpin != '' and string($ids) != ''))"/>
    <xsl:variable name="add-numatune" select="not(numatune) and $nodeset != ''"/>
    <xsl:variable name="a-cputune" select="(name|uuid|genid|title|description|metadata|maxMemory|memory|currentMemory|blkiotune|memtune|memoryBacking|vcpu|vcpus|iothreads|iothreadids|defaultiothread)[last()]"/>
    <xsl:variable name="a-numatune" select="($a-cputune|cputune)[last()]"/>
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:if test="not($a-numatune)">
        <xsl:if test="$add-cputune">
          <xsl:call-template name="new-cputune"><xsl:with-param name="ids" select="string($ids)"/></xsl:call-template>
        </xsl:if>
        <xsl:if test="$add-numatune">
          <xsl:call-template name="new-numatune"/>
        </xsl:if>
      </xsl:if>
      <xsl:for-each select="node()">
        <xsl:apply-templates select="."/>
        <xsl:if test="$add-cputune and $a-cputune and count(. | $a-cputune) = 1">
          <xsl:call-template name="new-cputune"><xsl:with-param name="ids" select="string($ids)"/></xsl:call-template>
        </xsl:if>
        <xsl:if test="$add-numatune and $a-numatune and count(. | $a-numatune) = 1">
          <xsl:call-template name="new-numatune"/>
        </xsl:if>
      </xsl:for-each>
    </xsl:copy>
  </xsl:template>

  <xsl:template name="new-cputune">
    <xsl:param name="ids"/>
    <cputune>
      <xsl:for-each select="str:tokenize($vcpupin, ',')">
        <xsl:call-template name="vcpupin-of"/>
      </xsl:for-each>
      <xsl:if test="$emulatorpin != ''">
        <emulatorpin cpuset="{$emulatorpin}"/>
      </xsl:if>
      <xsl:if test="$iothreadpin != ''">
        <xsl:for-each select="str:tokenize($ids, ',')">
          <iothreadpin iothread="{.}" cpuset="{$iothreadpin}"/>
        </xsl:for-each>
      </xsl:if>
    </cputune>
  </xsl:template>

  <xsl:template name="new-numatune">
    <numatune><memory mode="strict" nodeset="{$nodeset}"/></numatune>
  </xsl:template>

  <!-- A plan token "V:C" as <vcpupin vcpu='V' cpuset='C'/>. -->
  <xsl:template name="vcpupin-of">
    <vcpupin vcpu="{substring-before(., ':')}" cpuset="{substring-after(., ':')}"/>
  </xsl:template>

  <!-- The domain's iothread ids, comma-separated, as libvirt numbers them:
       the <iothreadids> ids, then the lowest unused ids from 1 up until
       the <iothreads> count is reached (at most 256 are pinned). -->
  <xsl:template name="iothread-ids">
    <xsl:variable name="listed" select="iothreadids/iothread[string(number(@id)) = @id and number(@id) &gt; 0]"/>
    <xsl:variable name="count" select="number(normalize-space(iothreads))"/>
    <xsl:variable name="total">
      <xsl:choose>
        <xsl:when test="$count = $count and $count &gt; count($listed)"><xsl:value-of select="$count"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="count($listed)"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:if test="number($total) &lt;= 256">
      <xsl:variable name="list">
        <xsl:for-each select="$listed">
          <xsl:value-of select="concat(',', number(@id))"/>
        </xsl:for-each>
        <xsl:text>,</xsl:text>
      </xsl:variable>
      <xsl:value-of select="substring($list, 2)"/>
      <xsl:call-template name="iothread-fill">
        <xsl:with-param name="id" select="1"/>
        <xsl:with-param name="left" select="number($total) - count($listed)"/>
        <xsl:with-param name="listed" select="$list"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:template name="iothread-fill">
    <xsl:param name="id"/>
    <xsl:param name="left"/>
    <xsl:param name="listed"/>
    <xsl:if test="$left &gt; 0">
      <xsl:choose>
        <xsl:when test="contains($listed, concat(',', $id, ','))">
          <xsl:call-template name="iothread-fill">
            <xsl:with-param name="id" select="$id + 1"/>
            <xsl:with-param name="left" select="$left"/>
            <xsl:with-param name="listed" select="$listed"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:otherwise>
          <xsl:value-of select="concat($id, ',')"/>
          <xsl:call-template name="iothread-fill">
            <xsl:with-param name="id" select="$id + 1"/>
            <xsl:with-param name="left" select="$left - 1"/>
            <xsl:with-param name="listed" select="$listed"/>
          </xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:if>
  </xsl:template>

  <!-- ===== An existing <cputune>: every <vcpupin> follows the plan (the
       first pin of each planned vCPU is kept with the planned cpuset, the
       others go, missing ones are added in vCPU order), <emulatorpin> and
       one <iothreadpin> per defined iothread are set or added. libvirt's
       order: shares..iothread_quota, vcpupin, emulatorpin, iothreadpin,
       vcpusched... ===== -->
  <xsl:template match="domain/cputune">
    <xsl:variable name="ids">
      <xsl:for-each select="..">
        <xsl:call-template name="iothread-ids"/>
      </xsl:for-each>
    </xsl:variable>
    <xsl:variable name="plan" select="str:tokenize($vcpupin, ',')"/>
    <xsl:variable name="n" select="count($plan)"/>
    <xsl:variable name="inrange" select="vcpupin[$n &gt; 0 and number(@vcpu) &lt; $n]"/>
    <xsl:variable name="a-v" select="(shares|period|quota|global_period|global_quota|emulator_period|emulator_quota|iothread_period|iothread_quota)[last()]"/>
    <xsl:variable name="a-e" select="($a-v|vcpupin)[last()]"/>
    <xsl:variable name="a-i" select="($a-e|emulatorpin|iothreadpin)[last()]"/>
    <xsl:variable name="add-v" select="$n &gt; 0 and not($inrange)"/>
    <xsl:variable name="add-e" select="$emulatorpin != '' and not(emulatorpin)"/>
    <xsl:variable name="add-i" select="$iothreadpin != ''"/>
    <xsl:variable name="pinned">
      <xsl:text>,</xsl:text>
      <xsl:for-each select="iothreadpin">
        <xsl:value-of select="concat(number(@iothread), ',')"/>
      </xsl:for-each>
    </xsl:variable>
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:if test="$add-v and not($a-v)">
        <xsl:for-each select="$plan"><xsl:call-template name="vcpupin-of"/></xsl:for-each>
      </xsl:if>
      <xsl:if test="$add-e and not($a-e)">
        <emulatorpin cpuset="{$emulatorpin}"/>
      </xsl:if>
      <xsl:if test="$add-i and not($a-i)">
        <xsl:call-template name="missing-iothreadpins">
          <xsl:with-param name="ids" select="string($ids)"/>
          <xsl:with-param name="pinned" select="string($pinned)"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:for-each select="node()">
        <xsl:variable name="node" select="."/>
        <xsl:choose>
          <xsl:when test="self::vcpupin and $n &gt; 0">
            <xsl:if test="count(. | $inrange) = count($inrange) and not(@vcpu = preceding-sibling::vcpupin/@vcpu)">
              <!-- Planned vCPUs below this one that have no pin yet. -->
              <xsl:variable name="before" select="preceding-sibling::vcpupin[number(@vcpu) &lt; $n]"/>
              <xsl:variable name="low">
                <xsl:choose>
                  <xsl:when test="$before"><xsl:value-of select="math:max($before/@vcpu)"/></xsl:when>
                  <xsl:otherwise>-1</xsl:otherwise>
                </xsl:choose>
              </xsl:variable>
              <xsl:for-each select="$plan">
                <xsl:variable name="v" select="number(substring-before(., ':'))"/>
                <xsl:if test="$v &gt; number($low) and $v &lt; number($node/@vcpu) and not($inrange[number(@vcpu) = $v])">
                  <xsl:call-template name="vcpupin-of"/>
                </xsl:if>
              </xsl:for-each>
              <xsl:copy>
                <xsl:apply-templates select="@*"/>
                <xsl:attribute name="cpuset">
                  <xsl:value-of select="substring-after($plan[number(substring-before(., ':')) = number($node/@vcpu)], ':')"/>
                </xsl:attribute>
              </xsl:copy>
            </xsl:if>
          </xsl:when>
          <xsl:when test="self::emulatorpin and $emulatorpin != ''">
            <xsl:copy>
              <xsl:apply-templates select="@*"/>
              <xsl:attribute name="cpuset"><xsl:value-of select="$emulatorpin"/></xsl:attribute>
            </xsl:copy>
          </xsl:when>
          <xsl:when test="self::iothreadpin and $add-i and contains(concat(',', $ids), concat(',', number(@iothread), ','))">
            <xsl:copy>
              <xsl:apply-templates select="@*"/>
              <xsl:attribute name="cpuset"><xsl:value-of select="$iothreadpin"/></xsl:attribute>
            </xsl:copy>
          </xsl:when>
          <xsl:otherwise>
            <xsl:apply-templates select="."/>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:if test="$add-v and $a-v and count(. | $a-v) = 1">
          <xsl:for-each select="$plan"><xsl:call-template name="vcpupin-of"/></xsl:for-each>
        </xsl:if>
        <!-- After the last <vcpupin>: planned vCPUs above every kept pin. -->
        <xsl:if test="$inrange and count(. | ../vcpupin[last()]) = 1">
          <xsl:variable name="high" select="math:max($inrange/@vcpu)"/>
          <xsl:for-each select="$plan">
            <xsl:if test="number(substring-before(., ':')) &gt; $high">
              <xsl:call-template name="vcpupin-of"/>
            </xsl:if>
          </xsl:for-each>
        </xsl:if>
        <xsl:if test="$add-e and $a-e and count(. | $a-e) = 1">
          <emulatorpin cpuset="{$emulatorpin}"/>
        </xsl:if>
        <xsl:if test="$add-i and $a-i and count(. | $a-i) = 1">
          <xsl:call-template name="missing-iothreadpins">
            <xsl:with-param name="ids" select="string($ids)"/>
            <xsl:with-param name="pinned" select="string($pinned)"/>
          </xsl:call-template>
        </xsl:if>
      </xsl:for-each>
    </xsl:copy>
  </xsl:template>

  <xsl:template name="missing-iothreadpins">
    <xsl:param name="ids"/>
    <xsl:param name="pinned"/>
    <xsl:for-each select="str:tokenize($ids, ',')">
      <xsl:if test="not(contains($pinned, concat(',', ., ',')))">
        <iothreadpin iothread="{.}" cpuset="{$iothreadpin}"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- ===== An existing <numatune>: its <memory> binds strictly to the
       plan's node (placement='auto' would contradict the nodeset). ===== -->
  <xsl:template match="domain/numatune">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:if test="$nodeset != '' and not(memory)">
        <memory mode="strict" nodeset="{$nodeset}"/>
      </xsl:if>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="domain/numatune/memory[1]">
    <xsl:copy>
      <xsl:choose>
        <xsl:when test="$nodeset != ''">
          <xsl:apply-templates select="@*[not(namespace-uri() = '' and name() = 'placement')]"/>
          <xsl:attribute name="mode">strict</xsl:attribute>
          <xsl:attribute name="nodeset"><xsl:value-of select="$nodeset"/></xsl:attribute>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates select="@*"/>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:apply-templates select="node()"/>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
